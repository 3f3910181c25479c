// Sets Mantine's colour scheme before the app renders, so a dark-theme user sees no light flash.
// A file, not an inline script: the proxy's CSP forbids inline scripts.
(function () {
  try {
    var stored = localStorage.getItem('mantine-color-scheme-value');
    var scheme =
      stored === 'light' || stored === 'dark'
        ? stored
        : window.matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage may be blocked; Mantine sets the attribute itself on mount.
  }
})();
