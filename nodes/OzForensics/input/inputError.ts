import { OzItemError } from './itemError';

/**
 * Bad input, found before anything is sent: a value in a field of the node that Oz would refuse
 * or that the node cannot use. Pure code throws it, naming the field.
 */
export class OzInputError extends OzItemError {}
