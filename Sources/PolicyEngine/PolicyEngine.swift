import SourceSupport
import DockerfileParser
import ComposeParser

/// The policy engine: rules over parsed files. STUB until the policy-engine issue.
public enum PolicyEngine {
    public static let version = "0.1.0"
}
