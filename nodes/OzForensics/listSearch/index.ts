// The editor's pickers (resource locators' "From List"), one file per list.
export { searchCollections } from './searchCollections';
export { searchFolders } from './searchFolders';
export { searchPersons } from './searchPersons';
