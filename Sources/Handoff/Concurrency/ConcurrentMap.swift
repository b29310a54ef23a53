import Dispatch

extension Array {
    /// `map(transform)` run on every core at once, `chunk` elements per task (so a thread takes
    /// work a few dozen at a time), the results in the elements' order.
    ///
    /// `transform` runs on several threads at once: it must not touch shared mutable state.
    func concurrentMap<Result>(chunk: Int, _ transform: (Element) -> Result) -> [Result] {
        withoutActuallyEscaping(transform) { transform in
            let work = UnsafeShared((elements: self, transform: transform))
            return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
                let slots = UnsafeShared(buffer)
                DispatchQueue.concurrentPerform(iterations: (work.value.elements.count + chunk - 1) / chunk) { part in
                    let elements = work.value.elements
                    for index in (part * chunk)..<Swift.min(elements.count, (part + 1) * chunk) {
                        (slots.value.baseAddress! + index).initialize(to: work.value.transform(elements[index]))
                    }
                }
                initialized = count
            }
        }
    }
}

/// A value shared by the tasks of `concurrentMap`, each of which reads it or writes its own
/// slots only.
private struct UnsafeShared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
