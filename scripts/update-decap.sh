#!/usr/bin/env bash
# Vendors Decap CMS (the editor behind /beheer/) into templates/beheer/decap/ from npm, so that no build and no
# browser ever fetches it from another host. Usage: bash scripts/update-decap.sh [VERSION]
# Without VERSION it installs the version pinned below; with one, it installs that version and pins it here.
# Only the package itself is fetched (`npm pack`): its bundle holds all its dependencies. What is copied: the
# main bundle, the chunks it loads on demand, its WebAssembly files and its licence notices; not the source
# maps and not the second copy (cms.js) of the same bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
PINNED=3.16.3
version=${1:-$PINNED}
target=templates/beheer/decap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "decap-cms@$version" >/dev/null)
tar -xzf "$work"/decap-cms-"$version".tgz -C "$work"
dist="$work/package/dist"
[ -f "$dist/decap-cms.js" ] || { echo "update-decap: no dist/decap-cms.js in decap-cms@$version" >&2; exit 1; }

rm -rf "$target"
mkdir -p "$target"
for file in "$dist"/*; do
    name=$(basename "$file")
    case "$name" in
        *.map | cms.js | cms.css | *.cms.js | cms.js.LICENSE.txt) ;;  # source maps and the duplicate bundle
        *) cp "$file" "$target/$name" ;;
    esac
done
# The package carries no LICENSE file; its package.json says MIT. The notice of the Decap CMS repository:
cat > "$target/LICENSE" <<'LICENSE'
Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENSE
license=$(node -e 'console.log(require(process.argv[1]).license)' "$work/package/package.json")
[ "$license" = MIT ] || { echo "update-decap: decap-cms@$version is licensed $license, not MIT: check LICENSE" >&2; exit 1; }
echo "$version" > "$target/VERSION"
if [ "$version" != "$PINNED" ]; then
    sed -i "s/^PINNED=.*/PINNED=$version/" scripts/update-decap.sh
fi
echo "update-decap: decap-cms $version in $target ($(du -sh "$target" | cut -f1), $(ls "$target" | wc -l) files)"
