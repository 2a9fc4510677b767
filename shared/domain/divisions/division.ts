/** A district-level unit (区县级) of Jinan and its streets and towns (街道/镇), with official codes (R2.1). */
export interface Street {
  readonly code: string;
  readonly name: string;
}

export interface District {
  readonly code: string;
  readonly name: string;
  readonly streets: readonly Street[];
}

/** Looks up a street inside a district; undefined when the street is not in that district. */
export const findStreet = (districts: readonly District[], districtCode: string, streetCode: string) => {
  const district = districts.find((d) => d.code === districtCode);
  const street = district?.streets.find((s) => s.code === streetCode);
  return district && street ? { district, street } : undefined;
};
