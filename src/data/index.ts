/** Capture data: reading, building and reshaping it. */
export { readCaptureCsv, type ReadCaptureCsvOptions } from "./readCaptureCsv.js";
export {
  readCaptureCsvStream,
  type ReadCaptureCsvStreamOptions,
  type CaptureReading,
  type CaptureColumns,
  type CsvSource,
} from "./readCaptureCsvStream.js";
export { readCaptureCsvFile } from "./readCaptureCsvFile.js";
export { readCaptureXlsx, type ReadCaptureXlsxOptions } from "./readCaptureXlsx.js";
export { captureDataFromCounts, type CaptureDataFromCountsOptions, type CountRow } from "./captureDataFromCounts.js";
export { captureDataFromRecords, type CaptureDataFromRecordsOptions } from "./captureDataFromRecords.js";
export { omitLists } from "./omitLists.js";
export { mergeLists, type MergeListsOptions } from "./mergeLists.js";
export { dropNoninformativeLists, type DroppedList, type NoninformativeListsResult } from "./dropNoninformativeLists.js";
export { historyLabel } from "./historyLabel.js";
export { listOverlaps, type ListOverlap } from "./listOverlaps.js";
