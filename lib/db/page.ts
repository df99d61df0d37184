/** A window of a list: the API's `?limit=&offset=`. */
export interface Page {
  limit: number;
  offset: number;
}

export interface ListResult<T> {
  items: T[];
  /** All rows matching the filter, regardless of the page. */
  total: number;
}
