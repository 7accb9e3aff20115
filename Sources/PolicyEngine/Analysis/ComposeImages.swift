import ComposeParser
import DockerfileParser

/// The image references a compose project pulls: `image:` of services that do not build it.
/// (`image:` beside `build:` names the image compose builds, which is never pulled.)
public struct PulledImage: Sendable {
    public var service: String
    public var reference: ImageReference
    public var written: Located<String>
}

extension ComposeContext {
    public var pulledImages: [PulledImage] {
        project.services.compactMap { service in
            guard service.build == nil, let image = service.image else { return nil }
            let text = image.value.trimmingWhitespace()
            // An interpolation that resolved to nothing (or to a bare name) says nothing about what is pulled.
            if text.isEmpty { return nil }
            let reference = ImageReference.parse(text, range: image.range)
            if image.isInterpolated && reference.tag == nil && reference.digest == nil { return nil }
            return PulledImage(service: service.name, reference: reference, written: image)
        }
    }
}
