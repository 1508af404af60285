import { describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { appReducer, initialAppState } from '../../src/state/app-state.js';
import { renderScreen } from '../support/ink.js';

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
