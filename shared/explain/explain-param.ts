// A leaf without Node's crypto, so browser code (the playground page) can name the parameter too.
/** The query parameter that asks for the explanation instead of the image. */
export const EXPLAIN_PARAM = 'imgfront-explain';
