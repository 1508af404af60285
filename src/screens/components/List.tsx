import { Box, Text } from 'ink';

export interface ListItem {
  key: string;
  label: string;
}

/** The rows shown of a list `limit` long around the cursor: the cursor stays near the middle. */
export function listWindow(count: number, cursor: number, limit: number): { top: number; bottom: number } {
  if (count <= limit) return { top: 0, bottom: count };
  const top = Math.max(0, Math.min(cursor - Math.floor(limit / 2), count - limit));
  return { top, bottom: top + limit };
}

/**
 * A list with its cursor (the cursor lives in the app state; this only draws it). Longer than
 * `limit`, it shows a window around the cursor with "↑ n more" / "↓ n more" markers.
 */
export function List({ items, cursor, limit }: { items: ListItem[]; cursor: number; limit?: number }) {
  const { top, bottom } = listWindow(items.length, cursor, limit ?? items.length);
  return (
    <Box flexDirection="column">
      {top > 0 ? <Text dimColor> ↑ {top} more</Text> : null}
      {items.slice(top, bottom).map((item, offset) =>
        top + offset === cursor ? (
          <Text key={item.key} color="blue" wrap="truncate-end">
            ❯ {item.label}
          </Text>
        ) : (
          <Text key={item.key} wrap="truncate-end">
            {'  '}
            {item.label}
          </Text>
        ),
      )}
      {bottom < items.length ? <Text dimColor> ↓ {items.length - bottom} more</Text> : null}
    </Box>
  );
}
