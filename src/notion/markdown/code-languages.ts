/** Notion's code-block languages (the `languageRequest` enum of Notion-Version 2026-03-11). */
export const NOTION_CODE_LANGUAGES = [
  'abap', 'abc', 'agda', 'arduino', 'ascii art', 'assembly', 'bash', 'basic', 'bnf', 'c', 'c#', 'c++', 'clojure',
  'coffeescript', 'coq', 'css', 'dart', 'dhall', 'diff', 'docker', 'ebnf', 'elixir', 'elm', 'erlang', 'f#', 'flow',
  'fortran', 'gherkin', 'glsl', 'go', 'graphql', 'groovy', 'haskell', 'hcl', 'html', 'idris', 'java', 'javascript',
  'json', 'julia', 'kotlin', 'latex', 'less', 'lisp', 'livescript', 'llvm ir', 'lua', 'makefile', 'markdown', 'markup',
  'matlab', 'mathematica', 'mermaid', 'nix', 'notion formula', 'objective-c', 'ocaml', 'pascal', 'perl', 'php',
  'plain text', 'powershell', 'prolog', 'protobuf', 'purescript', 'python', 'r', 'racket', 'reason', 'ruby', 'rust',
  'sass', 'scala', 'scheme', 'scss', 'shell', 'smalltalk', 'solidity', 'sql', 'swift', 'toml', 'typescript', 'vb.net',
  'verilog', 'vhdl', 'visual basic', 'webassembly', 'xml', 'yaml', 'java/c/c++/c#',
] as const;

export type NotionCodeLanguage = (typeof NOTION_CODE_LANGUAGES)[number];

const KNOWN = new Set<string>(NOTION_CODE_LANGUAGES);

/** The usual fence names that are not Notion's names. */
const ALIASES: Record<string, NotionCodeLanguage> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', tsx: 'typescript',
  py: 'python', python3: 'python',
  rb: 'ruby', rs: 'rust', kt: 'kotlin', kts: 'kotlin', hs: 'haskell', ex: 'elixir', exs: 'elixir', erl: 'erlang',
  sh: 'shell', zsh: 'shell', console: 'shell', ps1: 'powershell', pwsh: 'powershell',
  yml: 'yaml', md: 'markdown', htm: 'html', svg: 'xml', dockerfile: 'docker', make: 'makefile', mk: 'makefile',
  cs: 'c#', csharp: 'c#', cpp: 'c++', cc: 'c++', cxx: 'c++', hpp: 'c++', h: 'c', fs: 'f#', fsharp: 'f#',
  objc: 'objective-c', 'objective c': 'objective-c', tex: 'latex', proto: 'protobuf', golang: 'go', gql: 'graphql',
  tf: 'hcl', terraform: 'hcl', vb: 'visual basic', wasm: 'webassembly', wat: 'webassembly', txt: 'plain text',
  text: 'plain text', plaintext: 'plain text', ml: 'ocaml', pl: 'perl', patch: 'diff', sol: 'solidity',
};

/** A fence's info string → Notion's language; unknown or missing → `plain text`. */
export function toNotionLanguage(info: string | undefined | null): NotionCodeLanguage {
  const name = (info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (KNOWN.has(name)) return name as NotionCodeLanguage;
  // toFenceInfo writes `ascii art` as `ascii-art`.
  const spaced = name.replace(/-/g, ' ');
  if (KNOWN.has(spaced)) return spaced as NotionCodeLanguage;
  return ALIASES[name] ?? 'plain text';
}

/** Notion's language → a fence info string (none for plain text; names with spaces keep only what a fence can hold). */
export function toFenceInfo(language: string): string {
  if (language === 'plain text') return '';
  return language.replace(/\s+/g, '-');
}
