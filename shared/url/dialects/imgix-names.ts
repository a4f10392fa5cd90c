/**
 * Every parameter name and alias in imgix's machine-readable list (imgix/imgix-url-params
 * dist/parameters.json, v11.11.1), so a name imgix knows but imgfront cannot render is told apart
 * from a typo.
 */
// prettier-ignore
export const IMGIX_PARAMETERS: ReadonlySet<string> = new Set([
  'ar', 'auto', 'bg', 'blend-align', 'blend-alpha', 'blend-color', 'blend-crop', 'blend-fit', 'blend-h',
  'blend-mode', 'blend-pad', 'blend-size', 'blend-w', 'blend-x', 'blend-y', 'blend', 'blur',
  'border-bottom', 'border-left', 'border-radius-inner', 'border-radius', 'border-right', 'border-top',
  'border', 'bri', 'ch', 'chromasub', 'colorquant', 'colors', 'con', 'corner-radius', 'crop', 'cs', 'dl',
  'dpi', 'dpr', 'duotone-alpha', 'duotone', 'exp', 'expires', 'faceindex', 'facepad', 'faces',
  'fill-color', 'fill', 'fit', 'flip', 'fm', 'fp-debug', 'fp-x', 'fp-y', 'fp-z', 'gam', 'grid-colors',
  'grid-size', 'h', 'high', 'htn', 'hue', 'invert', 'lossless', 'mark-align', 'mark-alpha', 'mark-base',
  'mark-fit', 'mark-h', 'mark-pad', 'mark-rot', 'mark-scale', 'mark-tile', 'mark-w', 'mark-x', 'mark-y',
  'mark', 'mask-bg', 'mask', 'max-h', 'max-w', 'min-h', 'min-w', 'monochrome', 'nr', 'nrs', 'orient',
  'pad-bottom', 'pad-left', 'pad-right', 'pad-top', 'pad', 'page', 'palette', 'pdf-annotation', 'prefix',
  'px', 'q', 'rect', 'rot', 'sat', 'sepia', 'shad', 'sharp', 'transparency', 'trim-color', 'trim-md',
  'trim-pad', 'trim-sd', 'trim-tol', 'trim', 'txt-align', 'txt-clip', 'txt-color', 'txt-fit', 'txt-font',
  'txt-lead', 'txt-lig', 'txt-line-color', 'txt-line', 'txt-pad', 'txt-shad', 'txt-size', 'txt-track',
  'txt-width', 'txt', 'usm', 'usmrad', 'vib', 'w',
]);

/** imgix's aliases, resolved before anything else reads a name. */
// prettier-ignore
export const IMGIX_ALIASES: Readonly<Record<string, string>> = {
  blendalign: 'blend-align', ba: 'blend-align', blendalpha: 'blend-alpha', balph: 'blend-alpha',
  blendcolor: 'blend-color', 'blend-clr': 'blend-color', blendclr: 'blend-color', blendcrop: 'blend-crop',
  bc: 'blend-crop', blendfit: 'blend-fit', bf: 'blend-fit', blendh: 'blend-h', bh: 'blend-h',
  blendmode: 'blend-mode', bm: 'blend-mode', blendpad: 'blend-pad', bp: 'blend-pad', blendsize: 'blend-size',
  bs: 'blend-size', blendw: 'blend-w', bw: 'blend-w', blendx: 'blend-x', bx: 'blend-x', blendy: 'blend-y',
  by: 'blend-y', b: 'blend', fillcolor: 'fill-color', f: 'fit', height: 'h', inv: 'invert', ma: 'mark-align',
  markalign: 'mark-align', markalpha: 'mark-alpha', malph: 'mark-alpha', mb: 'mark-base',
  markbase: 'mark-base', mf: 'mark-fit', markfit: 'mark-fit', mh: 'mark-h', markh: 'mark-h', mp: 'mark-pad',
  markpad: 'mark-pad', ms: 'mark-scale', markscale: 'mark-scale', mtile: 'mark-tile', marktile: 'mark-tile',
  mw: 'mark-w', markw: 'mark-w', mx: 'mark-x', markx: 'mark-x', my: 'mark-y', marky: 'mark-y', m: 'mark',
  maskbg: 'mask-bg', 'max-height': 'max-h', 'max-width': 'max-w', 'min-height': 'min-h',
  'min-width': 'min-w', mono: 'monochrome', or: 'orient', annotation: 'pdf-annotation',
  trimcolor: 'trim-color', trimmd: 'trim-md', trimpad: 'trim-pad', trimsd: 'trim-sd', trimtol: 'trim-tol',
  txtalign: 'txt-align', ta: 'txt-align', txtclip: 'txt-clip', tcl: 'txt-clip', txtcolor: 'txt-color',
  'txt-clr': 'txt-color', txtclr: 'txt-color', tc: 'txt-color', txtfit: 'txt-fit', tf: 'txt-font',
  txtfont: 'txt-font', txtlead: 'txt-lead', txtlig: 'txt-lig', txtlinecolor: 'txt-line-color',
  'txt-line-clr': 'txt-line-color', txtlineclr: 'txt-line-color', txtline: 'txt-line', tl: 'txt-line',
  txtpad: 'txt-pad', tp: 'txt-pad', txtshad: 'txt-shad', tsh: 'txt-shad', tsz: 'txt-size',
  txtsize: 'txt-size', txttrack: 'txt-track', tt: 'txt-track', txtwidth: 'txt-width', t: 'txt', width: 'w',
};
