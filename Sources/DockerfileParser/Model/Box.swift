/// A value behind one reference, so that a struct holding a large value it rarely has stays a few
/// words long (`Stage` and `ImageReference` built by their initializers rather than read from a parse).
final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
