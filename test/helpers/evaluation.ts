/**
 * A third party's points on each indicator of the default template (R17.1): 85.67 in all. With 90.33 from the
 * district and 78.11 from the street the total is exactly 86.3120, 良好 (the README's walkthrough).
 */
export const THIRD_PARTY_INDICATORS = {
  'administration.systems': 5,
  'administration.staffing': 5,
  'administration.archives': 4.5,
  'finance.ledger': 8,
  'finance.use': 7,
  'delivery.tasks': 18,
  'delivery.quality': 13.17,
  'delivery.reports': 9,
  'social.satisfaction': 9,
  'social.community': 4,
  'publicity.outreach': 2,
  'publicity.innovation': 1,
} as const;
