import { buildUrl, dprSrcset, refineLastStep, widthSrcset } from '../shared/url/build-url';
import { NEXT_DEFAULT_DEVICE_SIZES } from '../shared/url/device-sizes';
import type { ImgfrontLocation } from './next-loader';

/** The attributes `<Image>` renders on its `<img>`, in React's spelling. */
export interface ImgAttributes {
  readonly src: string;
  readonly srcSet: string;
  readonly sizes?: string;
  readonly alt: string;
  readonly width?: number;
  readonly height?: number;
  readonly loading: 'lazy' | 'eager';
  readonly decoding: 'async';
  readonly className?: string;
}

export interface ImageProps {
  /** The path inside the endpoint: `products/shoe.jpg`. */
  readonly src: string;
  readonly alt: string;
  /** Rendered width in CSS pixels: without `sizes`, the srcset offers this width at 1x and 2x. */
  readonly width?: number;
  readonly height?: number;
  /** With `sizes` (or no `width`), the srcset offers every width of `widths`; the browser picks. */
  readonly sizes?: string;
  /** @default Next.js' default device sizes, 640 to 3840 */
  readonly widths?: readonly number[];
  /** ImageKit text applied before the width, after the location's: `c-at_max`, `n-card`. */
  readonly transformations?: string;
  /** @default 'lazy' */
  readonly loading?: 'lazy' | 'eager';
  readonly className?: string;
}

/**
 * A `createElement` of React's shape (Preact's `h` fits too). Taking it as an argument keeps the
 * client free of a React dependency: nothing to install, never a second React in a bundle.
 */
export type CreateElement<E> = (type: 'img', props: ImgAttributes) => E;

/**
 * An `<Image>` component rendering a responsive `<img>` of imgfront URLs, as `next/image` does:
 * a fixed `width` gets a 1x/2x srcset, a `sizes` (or no width) a srcset of widths.
 * `const Image = createImage(React.createElement, { baseUrl, endpoint })`.
 */
export function createImage<E>(
  createElement: CreateElement<E>,
  location: ImgfrontLocation,
): (props: ImageProps) => E {
  return function Image(props) {
    const chain = [location.transformations, props.transformations].filter(Boolean).join(':');
    const options = { ...location, path: props.src, transformations: chain || undefined };
    const widths = props.widths ?? NEXT_DEFAULT_DEVICE_SIZES;
    const responsive = props.sizes !== undefined || props.width === undefined;
    const width = props.width ?? Math.max(...widths);
    const sized = { ...options, transformations: refineLastStep(options.transformations, { width }) };
    const src = buildUrl(sized);
    return createElement('img', {
      src,
      // 1x is `src` itself, not `dpr-1`: one cached variant instead of two.
      srcSet: responsive ? widthSrcset(options, widths) : `${src} 1x, ${dprSrcset(sized, [2])}`,
      sizes: responsive ? (props.sizes ?? '100vw') : undefined,
      alt: props.alt,
      width: props.width,
      height: props.height,
      loading: props.loading ?? 'lazy',
      decoding: 'async',
      className: props.className,
    });
  };
}
