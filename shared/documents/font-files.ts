/**
 * The font files a Lambda bundle must ship for shared/documents/chinese-documents.ts to find Noto Sans SC at run
 * time (a route's manifest `bundleFiles`, copied beside the handler at the same paths). Kept apart from the
 * generator so that the manifest, which every handler imports, carries no document library.
 */
export const NOTO_SANS_SC_FILES = [
  'node_modules/@fontsource/noto-sans-sc/package.json',
  'node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
] as const;
