// Lenient zod schemas for the two VEX formats: only the fields Drydock uses, unknown fields allowed.
import { z } from 'zod';

const openVexProduct = z.object({
  '@id': z.string().optional(),
  identifiers: z.object({ purl: z.string().optional() }).passthrough().optional(),
  subcomponents: z.array(z.object({ '@id': z.string().optional(), identifiers: z.object({ purl: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
}).passthrough();

export const openVexDocument = z.object({
  '@context': z.string().regex(/openvex/),
  statements: z.array(
    z.object({
      // 0.2.0 uses an object; earlier drafts a plain string
      vulnerability: z.union([z.string(), z.object({ name: z.string(), aliases: z.array(z.string()).optional() }).passthrough()]),
      products: z.array(z.union([z.string(), openVexProduct])).optional(),
      status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
      justification: z.string().optional(),
      impact_statement: z.string().optional(),
    }).passthrough(),
  ),
}).passthrough();

export const cycloneDxVexDocument = z.object({
  bomFormat: z.literal('CycloneDX'),
  components: z.array(z.object({ 'bom-ref': z.string().optional(), purl: z.string().optional() }).passthrough()).optional(),
  metadata: z.object({ component: z.object({ 'bom-ref': z.string().optional(), purl: z.string().optional() }).passthrough().optional() }).passthrough().optional(),
  vulnerabilities: z.array(
    z.object({
      id: z.string(),
      references: z.array(z.object({ id: z.string() }).passthrough()).optional(),
      analysis: z.object({
        state: z.string().optional(),
        justification: z.string().optional(),
        detail: z.string().optional(),
      }).passthrough().optional(),
      affects: z.array(z.object({ ref: z.string() }).passthrough()).optional(),
    }).passthrough(),
  ).default([]),
}).passthrough();
