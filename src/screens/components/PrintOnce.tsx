// Lines printed once and never redrawn (Ink's <Static>), owned by one log at the app's root.
//
// Why not a <Static> per screen: Ink 6.8 keeps a pointer to the Static node after an ancestor of
// it unmounts, and the next render reads the freed Yoga node ("RuntimeError: memory access out of
// bounds"; ink#904, fixed in ink 7 by #905/#979, which needs Node 22). Leaving the Provision screen
// for the Inventory crashed the app that way. One Static that lives as long as the app is never
// unmounted under a render, so screens hand their finished lines to it.
import { Box, renderToString, Static, useStdout } from 'ink';
import {
  createContext,
  type ReactElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';

interface PrintedLine {
  key: string;
  element: ReactElement;
}

const AppendContext = createContext<((lines: PrintedLine[]) => void) | undefined>(undefined);

/** The app's one printed log: everything PrintOnce hands it, in order, above the live screen. */
export function PrintedLog({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<PrintedLine[]>([]);
  const printed = useRef(new Set<string>());
  const append = useCallback((next: PrintedLine[]) => {
    const fresh = next.filter((line) => !printed.current.has(line.key));
    if (fresh.length === 0) return;
    for (const line of fresh) printed.current.add(line.key);
    setLines((previous) => [...previous, ...fresh]);
  }, []);
  useFullRedrawOnResize(lines);
  return (
    <>
      <Static items={lines}>{(line) => <Box key={line.key}>{line.element}</Box>}</Static>
      <AppendContext.Provider value={append}>{children}</AppendContext.Provider>
    </>
  );
}

// Clears the visible screen and the scrollback, then homes the cursor.
const CLEAR_TERMINAL = '\u001B[2J\u001B[3J\u001B[H';

/**
 * A full redraw when the terminal changes size. Ink 6.8 erases its last frame by counting lines,
 * and clears only when the width shrinks; a terminal that reflowed the old frame to the new width
 * leaves parts of it on screen, so stale copies of the frame pile up. Once the resizing settles,
 * the screen and scrollback are cleared and the printed lines written again at the new width;
 * Ink then draws the live frame under them (its `write` restores the frame after the data).
 */
function useFullRedrawOnResize(lines: PrintedLine[]): void {
  const { stdout, write } = useStdout();
  const current = useRef(lines);
  current.current = lines;
  useEffect(() => {
    if (!stdout.isTTY) return;
    let timer: NodeJS.Timeout | undefined;
    const redraw = () => {
      const columns = stdout.columns || 80;
      const printed =
        current.current.length > 0
          ? `${renderToString(
              <Box flexDirection="column">
                {current.current.map((line) => (
                  <Box key={line.key}>{line.element}</Box>
                ))}
              </Box>,
              { columns },
            )}\n`
          : '';
      write(CLEAR_TERMINAL + printed);
    };
    // A drag sends many resize events: redraw once they stop.
    const onResize = () => {
      clearTimeout(timer);
      timer = setTimeout(redraw, 50);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(timer);
      stdout.off('resize', onResize);
    };
  }, [stdout, write]);
}

/**
 * Prints each item once, above the live part of the screen. Inside a PrintedLog the lines go to
 * the app's log; a screen rendered on its own (a screen test) prints them in its own <Static>.
 */
export function PrintOnce<T extends { key: string }>({
  items,
  children,
}: {
  items: T[];
  children: (item: T) => ReactElement;
}) {
  const append = useContext(AppendContext);
  // Keys are unique per mounted screen: a second run of the same screen prints its own lines.
  const scope = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: each item is rendered once, when it first appears
  useEffect(() => {
    append?.(items.map((item) => ({ key: `${scope}:${item.key}`, element: children(item) })));
  }, [append, items, scope]);
  if (append) return null;
  return <Static items={items}>{children}</Static>;
}
