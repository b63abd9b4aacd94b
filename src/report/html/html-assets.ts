// Inline CSS and JS for the HTML report: no external resources (the CSP forbids them anyway).
export const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#667085;--line:#e4e7ec;--crit:#b42318;--high:#e0561b;--med:#d99a06;--low:#2e6fdb;--unk:#8a94a6;--ok:#12805c}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#101828;color:#fff;padding:20px 32px}header h1{margin:0;font-size:20px;font-weight:600;word-break:break-all}
header .meta{color:#98a2b3;font-size:12.5px;margin-top:4px}header .meta code{color:#d0d5dd}
main{max-width:1280px;margin:0 auto;padding:20px 32px 48px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin-bottom:18px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
h2{font-size:15px;margin:0 0 12px;font-weight:600}
.overview{display:grid;grid-template-columns:minmax(260px,340px) 1fr;gap:18px;align-items:stretch}
.counts{display:grid;grid-template-columns:repeat(5,1fr);gap:10px;margin-bottom:12px}
.count{border-radius:8px;padding:10px 12px;color:#fff}.count b{display:block;font-size:24px;line-height:1.1}.count span{font-size:11.5px;letter-spacing:.04em;text-transform:uppercase;opacity:.92}
.sev-CRITICAL{background:var(--crit)}.sev-HIGH{background:var(--high)}.sev-MEDIUM{background:var(--med)}.sev-LOW{background:var(--low)}.sev-UNKNOWN{background:var(--unk)}
.facts{display:flex;gap:18px;flex-wrap:wrap;color:var(--muted);font-size:13px}.facts b{color:var(--fg)}
.chart svg{display:block;margin:0 auto}.chart text{font-size:12px;fill:var(--fg)}
.filters{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:12px}
.filters button{border:1px solid var(--line);background:#fff;border-radius:999px;padding:5px 12px;font:inherit;font-size:12.5px;cursor:pointer;display:inline-flex;gap:6px;align-items:center}
.filters button .dot{width:9px;height:9px;border-radius:50%}
.filters button[aria-pressed=false]{opacity:.45;text-decoration:line-through}
.filters input[type=search]{flex:1;min-width:220px;border:1px solid var(--line);border-radius:8px;padding:7px 10px;font:inherit}
.filters label{font-size:13px;color:var(--muted);display:inline-flex;gap:6px;align-items:center}
.shown{color:var(--muted);font-size:12.5px;margin-left:auto}
table{width:100%;border-collapse:collapse;font-size:13px}th{text-align:left;font-weight:600;color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;padding:8px;border-bottom:1px solid var(--line);background:#fafbfc;position:sticky;top:0}
td{padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}tr:hover td{background:#f9fafb}
td code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:11px;font-weight:600;color:#fff;letter-spacing:.03em}
.kev{background:#7a1212;color:#fff;border-radius:4px;padding:1px 5px;font-size:10.5px;font-weight:700;margin-left:4px}
.nofix{color:var(--muted);font-style:italic}.fix{color:var(--ok);font-weight:600}
.target{font-size:12px;color:var(--muted)}.layer{color:var(--muted);font-size:12px;max-width:300px}
.title{color:var(--muted);font-size:12px}a{color:#175cd3;text-decoration:none}a:hover{text-decoration:underline}
.muted{color:var(--muted)}.nowrap{white-space:nowrap}.nowrap .muted{white-space:normal}ul.surface{margin:0;padding-left:18px}ul.surface li{margin:4px 0}
.advice td:nth-child(n+3):not(:last-child){text-align:right;font-variant-numeric:tabular-nums}.advice tr.current td{background:#fafbfc}
.empty{padding:24px;text-align:center;color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
@media (max-width:900px){.overview{grid-template-columns:1fr}}
`;

export const JS = `
(function(){
  var rows=[].slice.call(document.querySelectorAll('#findings tbody tr[data-severity]'));
  var buttons=[].slice.call(document.querySelectorAll('.filters button[data-severity]'));
  var search=document.getElementById('search'), fixable=document.getElementById('fixable'), shown=document.getElementById('shown');
  var empty=document.getElementById('no-match');
  function apply(){
    var on={};buttons.forEach(function(b){on[b.dataset.severity]=b.getAttribute('aria-pressed')==='true';});
    var q=search.value.trim().toLowerCase(), onlyFix=fixable.checked, n=0;
    rows.forEach(function(r){
      var ok=on[r.dataset.severity]&&(!onlyFix||r.dataset.fixable==='true')&&(!q||r.dataset.text.indexOf(q)>=0);
      r.hidden=!ok; if(ok)n++;
    });
    shown.textContent=n+' of '+rows.length+' shown';
    if(empty)empty.hidden=n>0||rows.length===0;
  }
  buttons.forEach(function(b){b.addEventListener('click',function(){b.setAttribute('aria-pressed',b.getAttribute('aria-pressed')==='true'?'false':'true');apply();});});
  search.addEventListener('input',apply);fixable.addEventListener('change',apply);apply();
})();
`;
