/**
 * Advance widths of DejaVu Sans and DejaVu Sans Bold (fonts-dejavu 2.37, hmtx table, in
 * thousandths of an em) for the characters charts use. Vega measures text to lay out
 * axes, legends and titles; in Node it has no canvas and guesses 0.8 em a character,
 * which leaves wide blank margins. With these widths the SVGs and PNGs are laid out for
 * the font resvg draws them with, identically on every machine.
 */
export const DEJAVU_WIDTHS = {
  chars: " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~–−×…★·κσβγεδλαθ’é",
  regular: [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,500,838,838,1000,896,318,589,634,638,592,541,612,592,659,612,318,615],
  bold: [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838,500,838,838,1000,896,380,710,779,716,681,557,687,633,687,687,380,678],
  /** characters not in the table: about the width of a lower-case letter */
  fallback: 600,
};

const COLUMN = new Map([...DEJAVU_WIDTHS.chars].map((c, i) => [c, i]));

/** The width in pixels of `text` at `fontSize`, as the render worker measures it for vega. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? DEJAVU_WIDTHS.bold : DEJAVU_WIDTHS.regular;
  let units = 0;
  for (const c of text.trim()) {
    const i = COLUMN.get(c);
    units += i === undefined ? DEJAVU_WIDTHS.fallback : widths[i];
  }
  return (units * fontSize) / 1000;
}
