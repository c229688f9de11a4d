/**
 * A client span calling something without spans of its own (an external API, a managed
 * database) often names it in its operation: "HTTP POST payment-provider". This finds the
 * known service an operation names as a whole word, longest name first.
 */
export function peerMatcher(
  services: readonly string[],
): (operation: string, self: string) => string | undefined {
  const names = [...new Set(services)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (operation, self) => {
    const text = operation.toLowerCase();
    for (const name of names) {
      if (name === self) continue;
      const at = text.indexOf(name.toLowerCase());
      if (at < 0) continue;
      const before = at === 0 ? '' : text[at - 1];
      const after = text[at + name.length] ?? '';
      if (!isNameChar(before) && !isNameChar(after)) return name;
    }
    return undefined;
  };
}

function isNameChar(c: string): boolean {
  return c !== '' && /[a-z0-9_-]/.test(c);
}
