import type { ImportRecord } from '#shared/domain/imports/import-record';

/** An import as its uploader reads it: without the uploader's token claims or the storage key. */
export function importView(r: ImportRecord) {
  const {
    uploadedBy: _u,
    key: _k,
    bytes: _b,
    districtCode: _d,
    orgId: _o,
    version: _v,
    updatedAt: _a,
    ...view
  } = r;
  return view;
}
