import { describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { appReducer, initialAppState } from '../../src/state/app-state.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

/** The app on Home, with how it was left (onExit's outcomes). */
function openApp(fake: ReturnType<typeof createFakeEngine>) {
  const exits: string[] = [];
  const app = renderScreen(
    <App
      target="us-west-2"
      loadEngine={fake.loadEngine}
      env={{}}
      onExit={(outcome) => exits.push(outcome)}
    />,
  );
  return { app, exits };
}

describe('the home screen', () => {
  it('offers Create, Inventory, Cleanup and Quit, with the keys in a footer', async () => {
    const app = renderScreen(<App target="us-west-2" />);
    const frame = await app.waitForFrame('Create a cluster');
    expect(frame).toContain('Inventory');
    expect(frame).toContain('Cleanup');
    expect(frame).toContain('Quit');
    expect(frame).toContain('enter select');
    expect(frame).toContain('us-west-2');
    app.unmount();
  });

  it('moves with the arrow keys and j/k', async () => {
    const app = renderScreen(<App target="us-west-2" />);
    await app.waitForFrame('❯ Create a cluster');
    await app.press('down');
    await app.waitForFrame('❯ Inventory');
    await app.press({ text: 'j' });
    await app.waitForFrame('❯ Cleanup');
    await app.press({ text: 'k' });
    await app.waitForFrame('❯ Inventory');
    app.unmount();
  });
});

describe('keys that arrive in one burst', () => {
  const burstApp = () => {
    const fake = createFakeEngine();
    return renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} env={{}} />);
  };

  it('Down Enter in one write opens the Inventory, not Create', async () => {
    const app = burstApp();
    await app.waitForFrame('❯ Create a cluster');
    app.stdin.write('\u001B[B\r');
    await app.waitForFrame('0 clusters and 0 orphans');
    app.unmount();
  });

  it('Enter, text and Enter, Enter Enter, j Enter and Esc Esc Esc each count, in order', async () => {
    const app = burstApp();
    await app.waitForFrame('❯ Create a cluster');
    app.stdin.write('\r');
    await app.waitForFrame('step 1 of 15');
    app.stdin.write('tui\r');
    await app.waitForFrame((frame) => frame.includes('step 2 of 15') && !frame.includes('Loading'));
    expect(app.frame()).toMatch(/^tui · /m);
    app.stdin.write('\r\r');
    await app.waitForFrame('step 4 of 15');
    app.stdin.write('j\r');
    await app.waitForFrame('step 5 of 15');
    expect(app.frame()).toContain('ubuntu-22.04');
    app.stdin.write('\u001B\u001B\u001B');
    await app.waitForFrame('step 2 of 15');
    app.unmount();
  });
});

describe('help and leaving', () => {
  it('? shows the keys of the screen underneath; any key closes it', async () => {
    const fake = createFakeEngine();
    const app = renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} env={{}} />);
    await app.waitForFrame('❯ Create a cluster');
    await app.press({ text: '?' });
    const help = await app.waitForFrame('Press any key to close.');
    expect(help).toContain('open the highlighted item');
    await app.press('down');
    // The key that closed the overlay did nothing else.
    await app.waitForFrame('❯ Create a cluster');
    await app.press('down');
    await app.waitForFrame('❯ Inventory');
    await app.press('enter');
    await app.waitForFrame('0 clusters');
    await app.press({ text: '?' });
    expect(await app.waitForFrame('Press any key to close.')).toContain(
      'tear down the highlighted or open cluster',
    );
    app.unmount();
  });

  it('Ctrl+C leaves the wizard as interrupted (exit 130)', async () => {
    const fake = createFakeEngine();
    const { app, exits } = openApp(fake);
    await app.waitForFrame('❯ Create a cluster');
    await app.press('enter');
    await app.waitForFrame('step 1 of 15');
    await app.press('ctrlC');
    expect(exits).toEqual(['interrupted']);
    app.unmount();
  });
});

describe('the app reducer', () => {
  it('navigates, goes back home and quits', () => {
    let state = initialAppState();
    state = appReducer(state, { type: 'navigate', screen: 'inventory' });
    expect(state.screen).toBe('inventory');
    state = appReducer(state, { type: 'back' });
    expect(state.screen).toBe('home');
    state = appReducer(state, { type: 'quit' });
    expect(state.quitting).toBe(true);
  });
});

describe('identity first', () => {
  const noCredentials = () =>
    Promise.reject(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );

  it('draws Home at once, then names the account and the profile in the header', async () => {
    let answer: (value: { account: string; arn: string }) => void = () => {};
    const fake = createFakeEngine({ identity: () => new Promise((resolve) => (answer = resolve)) });
    const app = renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} profile="dev" env={{}} />);
    // The first frame does not wait for STS.
    let frame = await app.waitForFrame('❯ Create a cluster');
    expect(frame).toContain('us-west-2 · account … · profile dev');
    answer({ account: '210987654321', arn: 'arn:aws:iam::210987654321:user/dev' });
    frame = await app.waitForFrame('account 210987654321');
    expect(frame).toContain('us-west-2 · account 210987654321 · profile dev');
    app.unmount();
  });

  it('without credentials: the whole message, wrapped, and only r (retry) and q (quit)', async () => {
    let calls = 0;
    const fake = createFakeEngine({
      identity: async () => {
        calls += 1;
        return calls === 1
          ? noCredentials()
          : { account: '123456789012', arn: 'arn:aws:iam::123456789012:root' };
      },
    });
    const { app, exits } = openApp(fake);
    let frame = await app.waitForFrame('AWS did not accept any credentials');
    // Wrapped, never cut off: every word of the advice is there.
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'No AWS credentials found. Set AWS_PROFILE (or --profile), run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
    expect(frame).not.toContain('…');
    expect(frame).toContain('r try the credentials again  ·  q quit');
    expect(frame).not.toContain('Create a cluster');
    // Nothing else does anything: Enter, Down, ? and Esc are ignored.
    await app.press({ text: '\r\u001B[B?' });
    await app.press('escape');
    frame = app.frame();
    expect(frame).toContain('AWS did not accept any credentials');
    expect(frame).not.toContain('step 1 of 15');
    expect(fake.planned).toHaveLength(0);
    // r asks again; with credentials now there, Home and the account appear.
    await app.press({ text: 'r' });
    frame = await app.waitForFrame('account 123456789012');
    expect(frame).toContain('❯ Create a cluster');
    expect(exits).toEqual([]);
    app.unmount();
  });

  it('while r asks again, the message stays with "checking again", Enter does nothing and q still exits 3', async () => {
    let calls = 0;
    const fake = createFakeEngine({
      // The second answer never comes: STS is slow, or the network is down.
      identity: () => (++calls === 1 ? noCredentials() : new Promise(() => {})),
    });
    const { app, exits } = openApp(fake);
    await app.waitForFrame('AWS did not accept any credentials');
    await app.press({ text: 'r\r' });
    let frame = await app.waitForFrame('checking the credentials again');
    expect(frame).toContain('AWS did not accept any credentials');
    expect(frame).not.toContain('Create a cluster');
    expect(frame).not.toContain('step 1 of');
    // A second r while the first is on its way asks nothing more.
    await app.press({ text: 'r' });
    expect(calls).toBe(2);
    await app.press({ text: 'q' });
    frame = await app.waitForFrame(() => exits.length > 0);
    expect(exits).toEqual(['denied']);
    app.unmount();
  });

  it('q on the missing-credentials screen leaves with exit 3 (credentials)', async () => {
    const fake = createFakeEngine({ identity: noCredentials });
    const { app, exits } = openApp(fake);
    await app.waitForFrame('AWS did not accept any credentials');
    await app.press({ text: 'q' });
    await app.waitForFrame(() => exits.length > 0);
    expect(exits).toEqual(['denied']);
    app.unmount();
  });
});
