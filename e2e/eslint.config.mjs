// Tooling, never shipped: see ../eslint.tooling.mjs.
export { default } from '../eslint.tooling.mjs';
