import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectSeverity, ratingWord } from './select.js';

const v31 = (score: string) => ({ type: 'CVSS_V3', score });
const CRIT = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const MED = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'; // 6.1

test('precedence: distro rating, then GHSA/CNA, then NVD, else UNKNOWN', () => {
  const nvd = { id: 'CVE-2024-0001', source: 'osv:NVD', severity: [v31(CRIT)] };
  const ghsa = { id: 'GHSA-aaaa-bbbb-cccc', source: 'osv:npm', severity: [v31(MED)], ghsaSeverity: 'MODERATE' };
  const debian = { id: 'DSA-5000-1', source: 'osv:Debian', severity: [], rating: 'low' };
  assert.deepEqual(selectSeverity([nvd, ghsa, debian]), { severity: 'LOW', severitySource: 'debian', cvss: { score: 6.1, vector: MED, version: '3.1' } });
  assert.deepEqual(selectSeverity([nvd, ghsa]), { severity: 'MEDIUM', severitySource: 'ghsa', cvss: { score: 6.1, vector: MED, version: '3.1' } });
  assert.deepEqual(selectSeverity([nvd]), { severity: 'CRITICAL', severitySource: 'nvd', cvss: { score: 9.8, vector: CRIT, version: '3.1' } });
  // a CNA/database vector without a GHSA word (Go, RustSec, PyPA records)
  assert.equal(selectSeverity([{ id: 'PYSEC-2020-1', source: 'osv:PyPI', severity: [v31(CRIT)] }, nvd]).severitySource, 'pysec');
  // Ubuntu priority in severity[]; "not yet assigned" urgencies are ignored
  assert.equal(selectSeverity([{ id: 'UBUNTU-CVE-2024-1', source: 'osv:Ubuntu', severity: [{ type: 'Ubuntu', score: 'medium' }] }]).severitySource, 'ubuntu');
  assert.deepEqual(selectSeverity([{ ...debian, rating: 'not yet assigned' }, nvd]).severitySource, 'nvd');
  assert.deepEqual(selectSeverity([{ id: 'ALPINE-1', source: 'alpine-secdb', severity: [] }]), { severity: 'UNKNOWN', cvss: undefined });
  // v4 vectors are used when no v3 is present
  const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
  assert.deepEqual(selectSeverity([{ id: 'GO-2024-1', source: 'osv:Go', severity: [{ type: 'CVSS_V4', score: v4 }] }]).cvss, { score: 9.3, vector: v4, version: '4.0' });
  assert.equal(ratingWord('unimportant'), 'LOW');
  assert.equal(ratingWord('Important'), 'HIGH');
});
