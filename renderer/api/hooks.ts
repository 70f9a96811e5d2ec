import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { ApiInput, ApiMethod, ApiResults } from '../../shared/api';
import { call, type ApiFailure } from './client';

export function useApi<M extends ApiMethod>(method: M, input: ApiInput<M>, enabled = true): UseQueryResult<ApiResults[M], ApiFailure> {
  return useQuery<ApiResults[M], ApiFailure>({ queryKey: [method, input], queryFn: () => call(method, input), enabled });
}

/** A write: on success every cached read is refreshed (the data is small and local). */
export function useApiMutation<M extends ApiMethod>(method: M) {
  const qc = useQueryClient();
  return useMutation<ApiResults[M], ApiFailure, ApiInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => qc.invalidateQueries(),
  });
}
