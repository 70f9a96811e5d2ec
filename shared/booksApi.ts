// The books' part of the API contract (issue 14), spread into shared/api.ts: method name -> input
// schema, and the result types. Read-only methods are listed in electron/api/dispatch.ts READ_METHODS.
import { z } from 'zod';
import { idSchema } from './schemas/common';
import { fecImportSchema, indemnitiesGetSchema, indemnityEntrySchema, indemnityImportSchema, mappingSetSchema, professionalAddSchema, professionalUpdateSchema } from './schemas/books';
import type { BooksView, FecImportResult, IndemnitiesView, IndemnityEntryResult, IndemnityImportResult, ProfessionalResult } from './booksViews';
import type { Forecast } from './domain/forecast';

export const booksApiInputs = {
  'books.get': z.object({ contractId: idSchema }).strict(),
  'books.setRules': mappingSetSchema,
  'books.previewFec': fecImportSchema,
  'books.importFec': fecImportSchema,
  'indemnities.get': indemnitiesGetSchema,
  'indemnities.preview': indemnityImportSchema,
  'indemnities.import': indemnityImportSchema,
  'indemnities.addProfessional': professionalAddSchema,
  'indemnities.updateProfessional': professionalUpdateSchema,
  'indemnities.addEntry': indemnityEntrySchema,
  'books.forecast': z.object({ contractId: idSchema }).strict(),
} as const;

export interface BooksApiResults {
  'books.get': BooksView;
  'books.setRules': BooksView;
  'books.previewFec': FecImportResult;
  'books.importFec': FecImportResult;
  'indemnities.get': IndemnitiesView;
  'indemnities.preview': IndemnityImportResult;
  'indemnities.import': IndemnityImportResult;
  'indemnities.addProfessional': ProfessionalResult;
  'indemnities.updateProfessional': ProfessionalResult;
  'indemnities.addEntry': IndemnityEntryResult;
  'books.forecast': Forecast;
}

/** The books' methods that write nothing (a read transaction). */
export const BOOKS_READ_METHODS = ['books.get', 'books.previewFec', 'indemnities.get', 'indemnities.preview', 'books.forecast'] as const;
