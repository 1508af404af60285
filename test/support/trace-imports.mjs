// Loaded with `node --import`: writes every module file the process loads to $TRACE_IMPORTS_FILE,
// so a test can prove that --help loads no Ink and no AWS SDK.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (result.url.startsWith('file:')) appendFileSync(process.env.TRACE_IMPORTS_FILE, result.url + '\\n');
      return result;
    }
  `)}`,
);

// The first frame that shows FIRST_FRAME_TEXT is marked in the same file, so a test can tell what
// was loaded before it from what came after (the app loads the SDK right after its first frame).
if (process.env.FIRST_FRAME_TEXT) {
  const { appendFileSync } = await import('node:fs');
  const write = process.stdout.write.bind(process.stdout);
  let marked = false;
  process.stdout.write = (chunk, ...rest) => {
    if (!marked && String(chunk).includes(process.env.FIRST_FRAME_TEXT)) {
      marked = true;
      appendFileSync(process.env.TRACE_IMPORTS_FILE, 'first-frame\n');
    }
    return write(chunk, ...rest);
  };
}
