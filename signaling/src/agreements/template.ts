import type { DisputeCategory, PartySide } from '@shuoshi/db';
import type { AgreementDocument, AgreementParty } from './document';

/**
 * 人民调解协议书 (written agreement) or 口头调解协议登记 (the record of a verbal
 * agreement, with the recording clips that back it), as one self-contained,
 * printable HTML page: A4, the CJK font installed on the server, signatures
 * embedded as data: URLs. Every value from the database is escaped.
 */
export function renderAgreementHtml(doc: AgreementDocument, opts: { generatedAt?: Date } = {}): string {
  const written = doc.type === 'WRITTEN_AGREEMENT';
  const title = written ? '人民调解协议书' : '口头调解协议登记表';
  const signers = doc.parties.filter((p) => p.side === 'A' || p.side === 'B');
  const others = doc.parties.filter((p) => p.side === 'OTHER');
  const generatedAt = opts.generatedAt ?? new Date();
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(title)} ${esc(doc.caseNumber)}</title>
<style>
  @page { size: A4; margin: 18mm 18mm 16mm 18mm; }
  * { box-sizing: border-box; }
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 11.5pt; line-height: 1.6; color: #111; margin: 0; }
  h1 { text-align: center; font-size: 19pt; letter-spacing: 0.3em; margin: 0 0 2mm; }
  .number { text-align: right; margin-bottom: 3mm; }
  h2 { font-size: 12pt; margin: 4mm 0 1mm; }
  table.parties { width: 100%; border-collapse: collapse; }
  table.parties td { border: 1px solid #444; padding: 1mm 2mm; vertical-align: top; }
  .text { white-space: pre-wrap; border: 1px solid #444; padding: 1.5mm 3mm; min-height: 14mm; }
  .clauses p { margin: 1mm 0; text-indent: 2em; }
  .signatures { display: flex; flex-wrap: wrap; gap: 3mm 8mm; margin-top: 2mm; page-break-inside: avoid; }
  .signature { width: 75mm; }
  .signature .pad { height: 20mm; border-bottom: 1px solid #111; display: flex; align-items: flex-end; }
  .signature img { max-height: 19mm; max-width: 75mm; }
  .signature .who { font-size: 10pt; }
  .warn { color: #b00; font-size: 9pt; }
  .seal { margin-top: 4mm; text-align: right; line-height: 1.9; page-break-inside: avoid; }
  .footer { margin-top: 5mm; font-size: 8pt; color: #555; border-top: 1px solid #bbb; padding-top: 1.5mm; word-break: break-all; page-break-inside: avoid; }
  table.clips { width: 100%; border-collapse: collapse; font-size: 9.5pt; word-break: break-all; }
  table.clips td, table.clips th { border: 1px solid #444; padding: 1mm 2mm; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<div class="number">编号：${esc(doc.caseNumber)}</div>

<h2>当事人</h2>
<table class="parties">
${[...signers, ...others].map(partyRow).join('\n')}
</table>

<h2>纠纷主要事实、争议事项（${esc(CATEGORY[doc.category])}）</h2>
<div class="text">${esc(doc.description)}</div>

<h2>${written ? '经调解，各方当事人自愿达成如下协议' : '经调解，各方当事人口头达成如下协议'}</h2>
<div class="text">${esc(doc.text)}</div>
${written ? writtenClauses() : verbalClauses(doc)}

<h2>${written ? '当事人签名' : '当事人'}</h2>
<div class="signatures">
${signers.map(signatureBlock).join('\n')}
</div>

<div class="seal">
  <div>人民调解员：${esc(doc.mediator)}</div>
  <div>${esc(doc.committee)}（印章）</div>
  <div>${esc(chinaDate(doc.signedAt ?? doc.recordedAt))}</div>
</div>

<div class="footer">
  ${esc(doc.county)} · ${esc(doc.township)}${doc.village ? ` · ${esc(doc.village)}` : ''} · 协议编号 ${esc(doc.outcomeId)} · 生成于 ${esc(chinaDateTime(generatedAt))}<br>
  ${signers
    .filter((p) => p.signature)
    .map((p) => `${esc(p.name)} 签名 SHA-256 ${esc(p.signature!.sha256)}`)
    .join('<br>')}
</div>
</body>
</html>
`;
}

function partyRow(p: AgreementParty): string {
  const role = SIDE[p.side] + (p.side === 'OTHER' && p.note ? `（${p.note}）` : '');
  return `<tr><td style="width:22%">${esc(role)}</td><td>${esc(p.name)}${p.idNumberMasked ? `　身份证号：${esc(p.idNumberMasked)}` : ''}${residence(p) ? `　住址：${esc(residence(p)!)}` : ''}</td></tr>`;
}

/** 住址: the party's own address as recorded at intake (with their village when the address does not name it), else their village. */
export function residence(p: Pick<AgreementParty, 'village' | 'address'>): string | null {
  if (!p.address) return p.village;
  return p.village && !p.address.includes(p.village) ? `${p.village}${p.address}` : p.address;
}

function signatureBlock(p: AgreementParty): string {
  const s = p.signature;
  const img = s ? `<img alt="${esc(p.name)}的签名" src="data:${s.mime};base64,${s.bytes.toString('base64')}">` : '';
  const warn = s && !s.intact ? '<div class="warn">签名图像与签署时的校验值不符</div>' : '';
  const when = s ? `　${esc(chinaDate(s.signedAt))}` : '　（未签名）';
  return `<div class="signature"><div class="pad">${img}</div><div class="who">${esc(SIDE[p.side])}：${esc(p.name)}${when}</div>${warn}</div>`;
}

function writtenClauses(): string {
  return `<div class="clauses">
  <p>各方当事人应当按照本协议约定履行义务。本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效，对各方当事人具有法律约束力。</p>
  <p>各方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。</p>
  <p>本协议一式三份，各方当事人、人民调解委员会各持一份。</p>
</div>`;
}

function verbalClauses(doc: AgreementDocument): string {
  const clips = doc.clips.length
    ? `<table class="clips"><tr><th>录音录像片段</th><th>位置</th><th>SHA-256</th></tr>${doc.clips
        .map((c) => `<tr><td>${esc(c.id)}</td><td>${c.fromMs !== null && c.toMs !== null ? `${fmtMs(c.fromMs)}–${fmtMs(c.toMs)}` : ''}</td><td>${esc(c.sha256 ?? '')}</td></tr>`)
        .join('')}</table>`
    : '<p>（尚无录音录像片段）</p>';
  return `<div class="clauses"><p>本口头协议内容由人民调解员记录，并以下列调解过程录音录像片段为据。</p></div>${clips}`;
}

const SIDE: Record<PartySide, string> = { A: '甲方', B: '乙方', OTHER: '其他参加人' };
const CATEGORY: Record<DisputeCategory, string> = {
  LAND_HOMESTEAD: '土地宅基地纠纷',
  MARRIAGE_FAMILY: '婚姻家庭纠纷',
  NEIGHBOUR: '邻里纠纷',
  CONTRACT_DEBT: '合同债务纠纷',
  LABOUR_WAGES: '劳动工资纠纷',
  PERSONAL_INJURY: '人身损害纠纷',
  OTHER: '其他纠纷',
};

const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short', hour12: false });
const chinaDate = (d: Date) => dateFmt.format(d);
const chinaDateTime = (d: Date) => dateTimeFmt.format(d);
const fmtMs = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** HTML-escapes text for element content and quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
