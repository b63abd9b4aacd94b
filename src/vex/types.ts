/** One VEX statement, from OpenVEX or CycloneDX VEX, in OpenVEX's vocabulary. */
export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  /** purls the statement is about; empty = every package in the scanned artifact */
  products: string[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  impactStatement?: string;
  /** document the statement came from */
  source: string;
}
