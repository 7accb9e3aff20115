#!/bin/sh
# YAML parser throughput on large compose-like documents (release build).
# Generates two documents deterministically (about 4 MB and 16 MB) into a temporary directory,
# then runs the benchmark on each: throughput should be the same at both sizes (linear parsing).
# Usage: scripts/bench-yaml.sh [SERVICES]   (SERVICES defaults to 8000 for the small document)
set -eu
cd "$(dirname "$0")/.."
services=${1:-8000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-yaml.XXXXXX")
trap 'rm -rf "$dir"' EXIT

generate() {
    awk -v n="$1" 'BEGIN {
        print "# generated compose-like document for the YAML benchmark"
        print "x-defaults: &defaults"
        print "  restart: unless-stopped"
        print "  logging:"
        print "    driver: json-file"
        print "    options: { max-size: \"10m\", max-file: \"3\" }"
        print "services:"
        for (i = 0; i < n; i++) {
            printf "  service-%d:\n", i
            print  "    <<: *defaults"
            printf "    image: \"registry.example.com/team/app-%d:1.%d.%d\"  # pinned\n", i, i % 17, i % 5
            print  "    build:"
            print  "      context: ./app"
            printf "      args: [ \"VERSION=%d\", \"MODE=release\" ]\n", i
            print  "    command: |"
            printf "      ./run --port %d \\\n", 8000 + i
            print  "        --verbose"
            print  "    environment:"
            printf "      - DATABASE_URL=postgres://db:5432/app_%d\n", i
            print  "      - CACHE_TTL=300"
            print  "      - FEATURE_FLAG=true"
            print  "    ports:"
            printf "      - \"%d:80\"\n", 10000 + i % 50000
            print  "    healthcheck:"
            print  "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"]"
            print  "      interval: 30s"
            print  "      retries: 3"
            print  "    labels:"
            printf "      com.example.description: '\''service number %d'\''\n", i
            print  "      com.example.enabled: yes"
            print  "    depends_on: [db, cache]"
        }
    }'
}

generate "$services" > "$dir/small.yaml"
generate $((services * 4)) > "$dir/large.yaml"
# The fully static release build (as scripts/bench.sh and the README's release build): the Swift
# runtime is linked in, so its calls (allocation, reference counting) are direct.
scratch=.build-static
swift build -c release --scratch-path "$scratch" -Xswiftc -static-executable --product infralint-bench >/dev/null
echo "machine load: $(uptime | sed 's/.*load/load/')"
for file in "$dir/small.yaml" "$dir/large.yaml"; do
    "$scratch/release/infralint-bench" yaml "$file"
    "$scratch/release/infralint-bench" yaml-walk "$file"
done
