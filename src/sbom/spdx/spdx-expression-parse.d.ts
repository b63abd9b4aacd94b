// The package ships no types; this is the part Drydock uses.
declare module 'spdx-expression-parse' {
  export type SpdxNode =
    | { license: string; plus?: boolean; exception?: string }
    | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };
  export default function parse(expression: string): SpdxNode;
}
