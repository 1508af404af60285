declare const __KUBE_TUI_VERSION__: string | undefined;

// The bundle gets the version from package.json at build time (scripts/build.mjs).
export const VERSION: string = typeof __KUBE_TUI_VERSION__ === 'string' ? __KUBE_TUI_VERSION__ : '0.0.0-dev';
