// Reads OpenVEX (0.2.0) and CycloneDX VEX documents into one statement list.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DrydockError } from '../errors.js';
import { cycloneDxVexDocument, openVexDocument } from './schema.js';
import type { VexStatement } from './types.js';
import { appendAll } from '../collections.js';

export async function loadVex(files: string[]): Promise<VexStatement[]> {
  const out: VexStatement[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new DrydockError('NOT_FOUND', `cannot read VEX document ${file}`, { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new DrydockError('INVALID_INPUT', `${file}: not JSON: ${(e as Error).message}`, { cause: e });
    }
    appendAll(out, parseVex(json, basename(file)));
  }
  return out;
}

export function parseVex(json: unknown, source: string): VexStatement[] {
  const obj = (json ?? {}) as Record<string, unknown>;
  if (typeof obj['@context'] === 'string') {
    const doc = openVexDocument.safeParse(json);
    if (!doc.success) throw invalid(source, 'OpenVEX', doc.error.issues[0]);
    return doc.data.statements.map((s) => ({
      vulnerability: typeof s.vulnerability === 'string' ? s.vulnerability : s.vulnerability.name,
      aliases: typeof s.vulnerability === 'string' ? [] : (s.vulnerability.aliases ?? []),
      products: (s.products ?? []).flatMap((p) => {
        if (typeof p === 'string') return [p];
        const subs = (p.subcomponents ?? []).map((c) => c.identifiers?.purl ?? c['@id']).filter((x): x is string => Boolean(x));
        if (subs.length > 0) return subs;
        const id = p.identifiers?.purl ?? p['@id'];
        return id ? [id] : [];
      }),
      status: s.status,
      justification: s.justification,
      impactStatement: s.impact_statement,
      source,
    }));
  }
  if (obj.bomFormat === 'CycloneDX') {
    const doc = cycloneDxVexDocument.safeParse(json);
    if (!doc.success) throw invalid(source, 'CycloneDX VEX', doc.error.issues[0]);
    const purlOf = new Map<string, string>();
    for (const c of [...(doc.data.components ?? []), ...(doc.data.metadata?.component ? [doc.data.metadata.component] : [])]) {
      if (c['bom-ref'] && c.purl) purlOf.set(c['bom-ref'], c.purl);
    }
    return doc.data.vulnerabilities
      .filter((v) => v.analysis?.state)
      .map((v) => ({
        vulnerability: v.id,
        aliases: (v.references ?? []).map((r) => r.id),
        products: (v.affects ?? []).map((a) => resolveRef(a.ref, purlOf)),
        status: cdxState(v.analysis!.state!),
        justification: v.analysis!.justification ?? (v.analysis!.state === 'false_positive' ? 'false_positive' : undefined),
        impactStatement: v.analysis!.detail,
        source,
      }));
  }
  throw new DrydockError('INVALID_INPUT', `${source}: neither an OpenVEX nor a CycloneDX document`, {
    hint: 'OpenVEX needs "@context": "https://openvex.dev/ns/v0.2.0"; CycloneDX needs "bomFormat": "CycloneDX"',
  });
}

function invalid(source: string, kind: string, issue: { path: (string | number)[]; message: string } | undefined): DrydockError {
  const at = issue?.path.length ? issue.path.join('.') : 'document';
  return new DrydockError('INVALID_INPUT', `${source}: invalid ${kind}: ${at}: ${issue?.message ?? 'invalid'}`);
}

/** bom-ref → purl: via the document's components, a BOM-Link fragment, or the ref itself. */
function resolveRef(ref: string, purlOf: Map<string, string>): string {
  const local = purlOf.get(ref);
  if (local) return local;
  if (ref.startsWith('urn:cdx:')) {
    const frag = decodeURIComponent(ref.slice(ref.indexOf('#') + 1));
    return purlOf.get(frag) ?? frag;
  }
  return ref;
}

function cdxState(state: string): VexStatement['status'] {
  switch (state) {
    case 'not_affected':
    case 'false_positive':
      return 'not_affected';
    case 'resolved':
    case 'resolved_with_pedigree':
      return 'fixed';
    case 'exploitable':
      return 'affected';
    default:
      return 'under_investigation';
  }
}
