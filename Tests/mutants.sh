#!/usr/bin/env bash
# Safety mutants: each breaks one rule the product stands on, in a scratch copy of the tree; the
# suites that must notice are run against it, and the script prints which caught it. A mutant
# nobody catches is a hole in the tests. Usage, from the repository root:
#   bash Tests/mutants.sh            # every mutant (about 30 minutes on 2 cores)
#   bash Tests/mutants.sh NAME ...   # only these
# Exit status 1 if any mutant survives. The working tree is never touched.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=${SNODO_MUTANTS_DIR:-/tmp/snodo-mutants}

# name # file # perl substitution (one line) # swift test filter # simulator too (yes/no)
mutants=(
  "lowest-stamp-wins#Sources/SnodoModel/MergeRule.swift#s/return incoming > current/return incoming < current/#MergeOracleTests#no"
  "clock-ignores-remote#Sources/SnodoModel/HLC.swift#s/if remote > last \{ last = remote \}/_ = remote/#HybridClockTests#no"
  "erasure-not-checked#Sources/SnodoStore/Store+Apply.swift#s/if try isErased\(key.record\) \{ return .refusedErased \}//#MergeOracleTests#no"
  "conflicts-not-recorded#Sources/SnodoStore/Store+Apply.swift#s/if let loser = outcome.newConflict \{/if let loser = outcome.newConflict, loser.hlc.raw == 0 {/#MergeOracleTests#no"
  "admit-everything#Sources/SnodoSync/RelayService.swift#s/guard let scope, canary != .admitEverything else/guard let scope, canary == .admitEverything else/#ScopeRuleTests#yes"
  "was-in-scope-always#Sources/SnodoSync/RelayService.swift#s/let wasInScope = !heldHere \|\| scope.covers/let wasInScope = true || scope.covers/#ScopeRuleTests#yes"
  "accept-any-mac#Sources/SnodoSync/RelayAuthority.swift#s/guard HMACSHA256.equal\(expected, auth.mac\) \|\| !checkingMAC else/guard true || !checkingMAC else/#everyUnauthenticatedRequestIsRefusedAndWritesNothing#yes"
  "crc-not-checked#Sources/SnodoProtocol/FrameCodec.swift#s/guard CRC32C.checksum\(bytes\[offset..<\(frameEnd - 4\)\]\) == stated else/guard true else/#GoldenVectorTests#no"
  "varint-non-canonical#Sources/SnodoModel/Bytes.swift#s/if index > 0 && payload == 0 \{ throw .nonCanonicalVarint \}//#GoldenVectorTests#no"
  "admission-by-hash-order#Sources/SnodoSync/RelayService.swift#s/        for record in order \{/        for record in byRecord.keys {/#AdmissionOrderTests#no"
)

wanted=("$@")
selected() { [ ${#wanted[@]} -eq 0 ] && return 0; for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

echo "scratch copy in $scratch"
mkdir -p "$scratch"
mkdir -p "$scratch/src"
# Copied over what an earlier run left, so that its build folder is reused.
tar -C "$root" --exclude ./.build --exclude './.build-*' --exclude ./.git -cf - . | tar -C "$scratch/src" -xf -
cd "$scratch/src"
swift build --build-tests -q >/dev/null 2>"$scratch/build.log" || { echo "the unmutated copy does not build: $scratch/build.log"; exit 2; }

survivors=0
for entry in "${mutants[@]}"; do
  IFS='#' read -r name file substitution filter simulate <<<"$entry"
  selected "$name" || continue
  cp "$root/$file" "$file"
  perl -0pi -e "$substitution" "$file"
  if cmp -s "$root/$file" "$file"; then
    echo "MUTANT NOT APPLIED  $name (the code it targets changed: update Tests/mutants.sh)"
    survivors=$((survivors + 1)); continue
  fi
  verdict=""
  if ! swift build --build-tests -q >/dev/null 2>"$scratch/$name.build.log"; then
    verdict="caught by the compiler"
  else
    if ! swift test --skip-build --filter "$filter" >"$scratch/$name.test.log" 2>&1; then verdict="caught by $filter"; fi
    if [ "$simulate" = yes ]; then
      if ! swift run --skip-build snodo-sim --seeds 1..6 --days 10 >"$scratch/$name.sim.log" 2>&1; then
        verdict="${verdict:+$verdict, }caught by the simulator"
      else
        verdict="${verdict:+$verdict; }NOT caught by the simulator"
        survivors=$((survivors + 1))
      fi
    fi
  fi
  cp "$root/$file" "$file"
  if [ -z "$verdict" ]; then
    echo "SURVIVED  $name (logs in $scratch)"
    survivors=$((survivors + 1))
  else
    echo "caught    $name: $verdict"
  fi
done
swift build --build-tests -q >/dev/null 2>&1
echo "$survivors mutant(s) survived"
[ "$survivors" -eq 0 ]
