extension IndexFile {
    /// The entry whose content git's clean filter reads for a path (`read_blob_data_from_index`):
    /// the path's stage 0, or in a conflict stage 2 ("ours"); `nil` when the index has neither.
    /// A binary search: the index is sorted by path bytes, then stage.
    func contentEntry(for path: [UInt8]) -> IndexEntry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if self.path(at: middle).lexicographicallyPrecedes(path) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var found: IndexEntry?
        var position = low
        while position < entries.count && self.path(at: position).elementsEqual(path) {
            let entry = entries[position]
            if entry.stage == 0 { return entry }
            if entry.stage == 2 { found = entry }
            position += 1
        }
        return found
    }
}
