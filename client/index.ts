// The `imgfront/client` entry point: dependency-free and browser-safe (no Node built-ins, no React),
// for frontends building imgfront URLs. Signing stays on servers (`hmacSigner` needs a key and Node).
export { buildUrl, dprSrcset, widthSrcset, type BuildUrlOptions } from '../shared/url/build-url';
export type { TransformStep } from '../shared/url/transform-spec';
export { NEXT_DEFAULT_DEVICE_SIZES } from '../shared/url/device-sizes';
export { sizes, type SizesRule } from './sizes';
export { nextLoader, type ImgfrontLocation, type NextLoaderProps } from './next-loader';
export { createImage, type CreateElement, type ImageProps, type ImgAttributes } from './image';
