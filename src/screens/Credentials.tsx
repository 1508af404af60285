import { Box, Text } from 'ink';
import type { ClassifiedError } from '../model/errors.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HINTS } from './keymap.js';

export interface CredentialsProps {
  target: string;
  error: ClassifiedError;
  /** Where the credentials were looked for: "profile dev", "env keys". */
  source: string;
  /** `r` was pressed and STS is being asked again. */
  checking?: boolean;
}

/** No usable credentials: the whole message, wrapped, and only retry and quit to press. */
export function Credentials({ target, error, source, checking = false }: CredentialsProps) {
  return (
    <Box flexDirection="column" width="100%">
      <Header title="no AWS credentials" target={target} />
      <Text color="red" bold>
        ✖ AWS did not accept any credentials ({source})
      </Text>
      <Box marginTop={1}>
        <Text wrap="wrap">{error.message}</Text>
      </Box>
      <Box marginTop={1}>
        <Text wrap="wrap">
          Nothing in AWS can be listed, created or removed without them. Fix them in another terminal, then
          press r here.
        </Text>
      </Box>
      {checking ? (
        <Box marginTop={1}>
          <Text color="yellow">… checking the credentials again</Text>
        </Box>
      ) : null}
      <Footer hints={checking ? [HINTS.quit] : [HINTS.retryCredentials, HINTS.quit]} />
    </Box>
  );
}
