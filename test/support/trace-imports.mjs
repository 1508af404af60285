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
