// The books' methods (issue 14) -> handlers, spread into electron/api/handlers.ts.
import type { BooksApiResults } from '../../shared/booksApi';
import type { Handler } from './context';
import { getBooks, getForecast, importFec, previewFec, setMappingRules } from './books';
import { addIndemnityEntry, addProfessional, editProfessional, getIndemnities, importIndemnities, previewIndemnities } from './indemnities';

export const booksHandlers: { [M in keyof BooksApiResults]: Handler<M> } = {
  'books.get': getBooks,
  'books.setRules': setMappingRules,
  'books.previewFec': previewFec,
  'books.importFec': importFec,
  'indemnities.get': getIndemnities,
  'indemnities.preview': previewIndemnities,
  'indemnities.import': importIndemnities,
  'indemnities.addProfessional': addProfessional,
  'indemnities.updateProfessional': editProfessional,
  'indemnities.addEntry': addIndemnityEntry,
  'books.forecast': getForecast,
};
