// Typings for the `thumbor` npm package (a Thumbor URL builder; it ships none). Only what tests call.
declare module 'thumbor' {
  class Thumbor {
    /** Without a security key the builder writes `unsafe/` URLs. */
    constructor(securityKey: string | null, thumborServerUrl: string);
    setImagePath(imagePath: string): this;
    resize(width: number | 'orig', height: number | 'orig'): this;
    fitIn(width: number, height: number): this;
    smartCrop(smart: boolean): this;
    flipHorizontally(): this;
    flipVertically(): this;
    halign(halign: 'left' | 'right' | 'center'): this;
    valign(valign: 'top' | 'bottom' | 'middle'): this;
    metaDataOnly(meta: boolean): this;
    filter(filterCall: string): this;
    crop(left: number, top: number, right: number, bottom: number): this;
    buildUrl(): string;
  }
  export = Thumbor;
}
