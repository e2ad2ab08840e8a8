#!/usr/bin/env bash
# Shared by eng/demo.sh and eng/test.sh. Sourcing it prepares this machine to restore; it changes nothing when the
# full NuGet gallery is reachable.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Azure.Storage.Blobs 12.17.0 needs System.IO.Hashing, which the partial NuGet copy on some build machines lacks.
# The .NET SDK ships Microsoft's own System.IO.Hashing.dll, so when (and only when) the source cannot serve the
# pinned version we pack that file into .packages/local-feed, which Directory.Build.props then adds as a source.
ensure_hashing_fallback() {
  local version feed sdk_dll index
  version=$(sed -n 's/.*Include="System.IO.Hashing" Version="\([^"]*\)".*/\1/p' "$repo_root/Directory.Packages.props")
  feed="$repo_root/.packages/local-feed"
  [ -f "$feed/system.io.hashing.$version.nupkg" ] && return 0
  index=$(curl -fsS -m 20 "https://api.nuget.org/v3-flatcontainer/system.io.hashing/index.json" 2>/dev/null || true)
  case "$index" in *"\"$version\""*) return 0 ;; esac
  sdk_dll=$(ls "$(dirname "$(command -v dotnet)")"/../share/dotnet/sdk/*/Sdks/Microsoft.NET.Sdk/tools/net10.0/System.IO.Hashing.dll \
            "$(dirname "$(readlink -f "$(command -v dotnet)")")"/sdk/*/Sdks/Microsoft.NET.Sdk/tools/net10.0/System.IO.Hashing.dll 2>/dev/null | tail -n 1 || true)
  if [ -z "$sdk_dll" ]; then
    echo "error: System.IO.Hashing $version is not on the NuGet source and the .NET SDK's copy was not found" >&2
    return 1
  fi
  mkdir -p "$feed"
  python3 - "$sdk_dll" "$feed/system.io.hashing.$version.nupkg" "$version" <<'PY'
import sys, zipfile
dll, out, version = sys.argv[1:4]
nuspec = f'''<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata><id>System.IO.Hashing</id><version>{version}</version><authors>Microsoft</authors>
  <description>Local fallback: System.IO.Hashing.dll as shipped inside the .NET SDK.</description></metadata>
</package>'''
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("System.IO.Hashing.nuspec", nuspec)
    z.write(dll, "lib/net10.0/System.IO.Hashing.dll")
PY
  echo "note: packed the .NET SDK's System.IO.Hashing.dll as System.IO.Hashing $version into .packages/local-feed (the NuGet source lacks it)"
}
