#!/usr/bin/env bash
# tools/fetch-corpora.sh DEST
# Downloads the real-world test corpora (docs/corpora.md) from their upstream repositories, each file
# at a pinned commit, checks every file against the sha256 pinned below, and puts them in DEST
# atomically (a temporary folder beside DEST, renamed once every file is checked). If DEST already
# holds every file with the right checksum, nothing is downloaded.
#
#   GATEWAY_CORPORA_MIRROR  base URL instead of https://raw.githubusercontent.com; files are read at
#                           BASE/OWNER/REPO/COMMIT/PATH (PATH URL-encoded), e.g. a file:// copy.
# Then: GATEWAY_CORPORA=DEST ./gateway test
set -euo pipefail

BASE="${GATEWAY_CORPORA_MIRROR:-https://raw.githubusercontent.com}"
BASE="${BASE%/}"

die() { printf 'fetch-corpora: %s\n' "$*" >&2; exit 1; }

# sha256 | file in DEST | upstream repository | commit | path in that repository
MANIFEST='
c5e3be1e04bb970d238f35df88d61552746e424a060e231ca3b17add16406af3|aaf/2997fps-DFTC.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/2997fps-DFTC.aaf
333171d344791aeda59b5242aa15a12803a145ac25d0bc58b9a5c13226fbaa1e|aaf/essence_group.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/essence_group.aaf
43aaef4185ef345728d1e067f314e1ce9e6975591b48526011a5cf500046975b|aaf/linear_speed_effects.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/linear_speed_effects.aaf
baef32d64009278079207537527ef3dccd71392c60aeb7cd814f83d9c1b5ab21|aaf/multitrack.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/multitrack.aaf
73a782c2f7a3c06719ee0546b9ec3c89d68476ce68eae1e416d4e4c0b9362242|aaf/nesting_test.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/nesting_test.aaf
c76686dd6e39eb570fe3c3cee631433ec8cf092e89345b7d8b96ac3337523fbf|aaf/simple.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/simple.aaf
ac663ba195ef59063ece1cad21bd5739a72305bd6b949c48197786145253c182|aaf/timecode_test.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/timecode_test.aaf
03d8f1f97c455ed6861b3a2842cc22fc8a1716771cc3b7143e74c6878267535c|aaf/transitions.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/transitions.aaf
5dac7e1300d83c2bdd2538aac6b7930a0f73397dc099c8fe3a0451bc3d056c66|aaf/trims.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/trims.aaf
065701c3ec634534031c1c76a97acf55b00cac15ce00f3a54f8c02156789a181|aaf/utf8.aaf|OpenTimelineIO/otio-aaf-adapter|6292a38006629338090918cddb517f332545423a|tests/sample_data/utf8.aaf
8e76edf86e788f872bc0b978402659cc7a9b687685868eab5252ed2edd1b64e6|ale/sample.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sample.ale
d8924e6ac77caadac7e1b00a334ef0304a09205c90aee1e3e751931c9ac591a7|ale/sample2.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sample2.ale
97168d84a1c8719e33f2aee18bc66a30065a965c13874008f45e51ed358998a2|ale/sampleUHD.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sampleUHD.ale
ea2be9a2e2179bcb2c13436716de0ae707102de676f86047a3edc5b42beef329|ale/sample_blanks.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sample_blanks.ale
86f9ab120888ffb618b4790153b462aa87b7aa2978ad265ee08bd4ec6571575e|ale/sample_cdl.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sample_cdl.ale
d8a6d7b821cf17fb0b3cfeeab3121cfdcebd12a45bff48b312c0d75c6879b73e|ale/sample_no_blanks.ale|OpenTimelineIO/otio-ale-adapter|70c647d36468a423ff1815b761c92f2ea138638c|tests/sample_data/sample_no_blanks.ale
a5e260114ce76268818f3b5a5bee4eca17c8921ad30bb8af918c965b60ab5edd|edl/otio-cmx3600/25fps.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/25fps.edl
74d6a91d1d74f682c3f5d0a1ce68204d968a3cef02a930e9e8257aa989e341de|edl/otio-cmx3600/avid_example.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/avid_example.edl
9976086fd2a8b489fe483d0e7ff7a5f38c47409aacb056d531771e54718958ec|edl/otio-cmx3600/cdl.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/cdl.edl
48263530da1e9e92017203e7ec724752ddd1b299f29bdeec11210aa1abe6e8e1|edl/otio-cmx3600/dissolve_test.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/dissolve_test.edl
20a64a8271f234c0620cff4e46fe4f8f26f80b627d65e71af86066ac124a9353|edl/otio-cmx3600/dissolve_test_2.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/dissolve_test_2.edl
6374cacc71594e5672ff0d229af32190b32f3ae4492f90dbf07595b904557619|edl/otio-cmx3600/dissolve_test_3.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/dissolve_test_3.edl
d11ec4cf3e7171ee703d7dc703f2411a7006c72a9fadc7525ab3f75f102b4a71|edl/otio-cmx3600/dissolve_test_4.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/dissolve_test_4.edl
37cc1a647a2cbb3dd538530d71c411347fb2da486d637419213133dc93899419|edl/otio-cmx3600/dissolve_test_fail.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/dissolve_test_fail.edl
fca7e1c18b182c77402fe34b4c9bdf59873b11f396e5e6c0ab317f2f2113a241|edl/otio-cmx3600/enabled.otio|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/enabled.otio
abfb492a5dafefc7c2f9866c1aba9edecc471905169469d4ad7b36b998f05709|edl/otio-cmx3600/gap_test.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/gap_test.edl
5cf1b0ccc0ae02ac6871a89e5caf21c1a2c63ab43d89c7bbea02f0492026d391|edl/otio-cmx3600/multi_audio.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/multi_audio.edl
09a0b0c472c7e2ef7f1b84b86cdd38bb9461a1d441a3c68dfa71de6a5562c30b|edl/otio-cmx3600/no_spaces_test.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/no_spaces_test.edl
2e5774cbd94e973bf2cd8dccf2cab5d7eb0ac252c94c73a81491f7c6f5e795f8|edl/otio-cmx3600/nucoda_example.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/nucoda_example.edl
cbe0d9b888915118b04d5c11f7173274cfededf67b1154429120f70736a7eed3|edl/otio-cmx3600/premiere_example.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/premiere_example.edl
e0014ea06ce356fbc36ffdf0a37203c6453987c99899d792d604a34954734c29|edl/otio-cmx3600/screening_example.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/screening_example.edl
42ac693839b5b8b3896a531ad5c039cb308dded84067cf67dddd77f9d589d3bf|edl/otio-cmx3600/speed_effects.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/speed_effects.edl
6613dca5a18359742cfdc2174b51f275720894c6e3475d56624ce925d1b48b08|edl/otio-cmx3600/speed_effects_small.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/speed_effects_small.edl
6acd34befc2ffb236edfb35aff334620d6c6b6b45d7ddbd9d63f03fb56e24bbc|edl/otio-cmx3600/timecode_mismatch.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/timecode_mismatch.edl
88faa12c4d054006aa7092c8ca6557891a70fc8cc81b4c2c1317b3b37a727542|edl/otio-cmx3600/transition_duration.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/transition_duration.edl
ec48c4834ad399a726ae6178fca2ce380c1a6b03d6976d3d198c8b3f06906ccb|edl/otio-cmx3600/wipe_test.edl|OpenTimelineIO/otio-cmx3600-adapter|4b02a6668b4ddb435bd6b8e7459e1dbd170938df|tests/sample_data/wipe_test.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_2398.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_2398.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_2398psf.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_2398psf.edl
f81a21cd6d92f26313fa7b2e194851aec1a2444c3a205931bb2b54b7a2d77e38|edl/python-edl/test_24.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_24.edl
f81a21cd6d92f26313fa7b2e194851aec1a2444c3a205931bb2b54b7a2d77e38|edl/python-edl/test_24psf.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_24psf.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_25.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_25.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_2997DF.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_2997DF.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_2997NDF.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_2997NDF.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_50.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_50.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_5994DF.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_5994DF.edl
65fc83e067eba2096b576274af4ee6035deb4690a0e4fd11fe3ead06b2257d23|edl/python-edl/test_5994NDF.edl|simonh10/python-edl|a7185fc6b3e9b554fb802cc63853981823125a72|tests/test_data/test_5994NDF.edl
b2bb37a107e85afb251899d31a0d6c730a6b79c6f9e412e84fee8f71b93ed7d8|fcp7xml/empty_name_tags.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/empty_name_tags.xml
9f138d74740d49b899dc3fac31ca3eb447d1aed96a9805e82e12a2a36ca9e8d6|fcp7xml/hiero_xml_export.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/hiero_xml_export.xml
0555e3b0148050567fa47db02df06a7dcf1dfb6a75a0b2e2a13cc458a5dba879|fcp7xml/premiere_enable_property.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/premiere_enable_property.xml
caa4f58caffcd916428cca369290a8e177a0649cb77aa2a191ea59d266067b06|fcp7xml/premiere_example.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/premiere_example.xml
db641f44f554d7767fbc056b7f5d9b81cb783704b5a3961edb9617aa6c9d887f|fcp7xml/premiere_example_filter.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/premiere_example_filter.xml
6f35f02532130b6df28b793f901c0c642028c84570d24fde81e6f175925fe45f|fcp7xml/premiere_generators.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/premiere_generators.xml
3b8a5681c93cfccb0c962b166910fddcee5e4325a78b9d7d7cc024eb72dc7cfe|fcp7xml/sample_just_track.xml|OpenTimelineIO/otio-fcp-adapter|8b428570b14ba621d5d5991a6cd7e67cbce377c7|tests/sample_data/sample_just_track.xml
194bf7664c09d3749a7ba362c8cca1328bb2ab1a85509bf57d58246f2d335dc2|fcpxml/fcpx_clips.fcpxml|OpenTimelineIO/otio-fcpx-xml-adapter|c61839e105fb035589d3ec704b1266a22089b425|tests/sample_data/fcpx_clips.fcpxml
1a54bdb3a30ef871fc1f4bcc472644fa172848ecc9c52893b03d1a4d84c3395b|fcpxml/fcpx_event.fcpxml|OpenTimelineIO/otio-fcpx-xml-adapter|c61839e105fb035589d3ec704b1266a22089b425|tests/sample_data/fcpx_event.fcpxml
ed2205803686426f8d54af65efab39c6938cd7552763728db451b5887bf50118|fcpxml/fcpx_example.fcpxml|OpenTimelineIO/otio-fcpx-xml-adapter|c61839e105fb035589d3ec704b1266a22089b425|tests/sample_data/fcpx_example.fcpxml
ed2205803686426f8d54af65efab39c6938cd7552763728db451b5887bf50118|fcpxml/fcpx_library.fcpxml|OpenTimelineIO/otio-fcpx-xml-adapter|c61839e105fb035589d3ec704b1266a22089b425|tests/sample_data/fcpx_library.fcpxml
e4d8d5c5d42320d8d4334fb92dcb56178132c4daad53554e7402de207e9bc681|fcpxml/fcpx_project.fcpxml|OpenTimelineIO/otio-fcpx-xml-adapter|c61839e105fb035589d3ec704b1266a22089b425|tests/sample_data/fcpx_project.fcpxml
3e2bfde6c654f501f84a732da2a4eeec45f75d8be68133478043871d93e8acc9|media/bwf/A101_1.WAV|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/sounddevices/A101_1.WAV
01dba42b7db34c2ed1945c93a67df348d2711ff140487eeee2f9befffba12ebd|media/bwf/PT_A101_4.A1.wav|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/protools/PT A101_4.A1.wav
d1a4ae4f9842d40522871f96d3347aebb42982c00999f68c48d057d2c39d3145|media/bwf/Scene_1_2AG-T001_Tr1.WAV|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/zoom_F8/DISCRETE/Scene_1_2AG-T001.TAKE/Scene_1_2AG-T001_Tr1.WAV
df9eb69fbd2d123ad12f87cedafd680f27ff5b39a718479b18ab234180a55766|media/bwf/Sr001-001-06_01.WAV|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/metacorder/Sr001-001-06_01.WAV
eda61f40e95df941b52f1ea9863cadfc17d381546701108418dd56c6af2f5c1c|media/bwf/umid.wav|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/protools/umid.wav
d7096bf16d872cd4baa50e1a4b21c3d998103d2a9bed94a5e993a2424410bf8a|media/bwf/wavinfo_Test_Project_-_Audio_-_Stereo.wav|iluvcapra/wavinfo|742c0b91fb094a0e0bdc33fff9b2bdbb84b0e7f5|tests/test_files/nuendo/wavinfo Test Project - Audio - Stereo.wav
4c12d0ed695d1336bd604098ef2bfa3368ad8c15214d235fda5683a09ac456e9|media/frame_debugger_0h.mov|AcademySoftwareFoundation/OpenTimelineIO|2ac2b5a5392535d46947bc9013a1904b824801bb|tests/sample_data/frame_debugger_0h.mov
214eb3f72b5ea4bd4f24ac5c6ac912676da9760f0d6a66633d75f9093209f029|media/frame_debugger_1h.mov|AcademySoftwareFoundation/OpenTimelineIO|2ac2b5a5392535d46947bc9013a1904b824801bb|tests/sample_data/frame_debugger_1h.mov
2507d49a7c14b391116da515521bd087dee238fbb27b9a83faec0dc1ffeb151c|otio/effects.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/effects.otio
8982f905993ca4c7113423e63fdd7d2eff69d56ed4659a080e3281b7e7f038e0|otio/multitrack.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/multitrack.otio
2d11b95eb34522952b8b3d99ddac8935be6700649fd9726f6f2424bacd22ccd0|otio/nested_example.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/nested_example.otio
077bdb6e487a906db79cf0555aadfdf20e8ba6a8826ef2ee76a894377c08bc36|otio/premiere_example.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/premiere_example.otio
d344ee732885c165f68d6f845e04aaf17d61de6cf8c75dd45519f460fca4d610|otio/screening_example.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/screening_example.otio
fe2a88668728386c1083cb964196e8966a5cc2062cfc022c7548fb43f21691da|otio/transition_test.otio|AcademySoftwareFoundation/OpenTimelineIO|bc5fe2d78dc3f8b2a8feb7e04483d85a12e80072|tests/sample_data/transition_test.otio
'

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: tools/fetch-corpora.sh DEST (the folder to create; see docs/corpora.md)"
DEST="$1"
command -v curl >/dev/null 2>&1 || die "curl is needed to download the corpora; install it"

if command -v sha256sum >/dev/null 2>&1; then sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else die "neither sha256sum nor shasum found: cannot check the downloads"; fi

urlencode() { # a repository path as a URL path: every byte outside [A-Za-z0-9._~/-] as %XX
  local LC_ALL=C s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [A-Za-z0-9._~/-]) out+="$c" ;; *) out+="$(printf '%%%02X' "'$c")" ;; esac
  done
  printf '%s' "$out"
}

entries() { printf '%s\n' "$MANIFEST" | grep -v '^$'; }

complete() { # is every file of the manifest in $1 with its checksum?
  local sum file repo commit path
  while IFS='|' read -r sum file repo commit path; do
    [ -f "$1/$file" ] && [ "$(sha256 "$1/$file")" = "$sum" ] || return 1
  done < <(entries)
}

if [ -d "$DEST" ] && complete "$DEST"; then
  printf 'fetch-corpora: %s already holds every corpus file\n' "$DEST" >&2
  exit 0
fi
[ ! -e "$DEST" ] || [ -d "$DEST" ] || die "$DEST exists and is not a folder"

parent="$(dirname "$DEST")"
mkdir -p "$parent" || die "cannot create $parent"
TMP="$(mktemp -d "$parent/.corpora.XXXXXX")" || die "cannot create a temporary folder in $parent"
trap 'rm -rf "$TMP"' EXIT

n=0
while IFS='|' read -r sum file repo commit path; do
  url="$BASE/$repo/$commit/$(urlencode "$path")"
  mkdir -p "$TMP/$(dirname "$file")"
  if ! err="$(curl -fsSL --connect-timeout 15 --max-time 300 --retry 2 -o "$TMP/$file" "$url" 2>&1)"; then
    err="${err%$'\n'}"
    die "cannot download $url (${err##*$'\n'}): no network? set GATEWAY_CORPORA_MIRROR to a copy, or GATEWAY_CORPORA to a checked-out corpora folder"
  fi
  got="$(sha256 "$TMP/$file")"
  [ "$got" = "$sum" ] || die "$file from $url has sha256 $got, expected $sum: not the pinned file"
  n=$((n + 1))
done < <(entries)

chmod u=rwx,go=rx "$TMP"
# Every file is here and checked: swap the folder in (the old one, if any, is removed after).
if [ -e "$DEST" ]; then
  old="$(mktemp -d "$parent/.corpora-old.XXXXXX")"
  mv "$DEST" "$old/" && mv "$TMP" "$DEST" || die "cannot replace $DEST (the previous copy is in $old)"
  rm -rf "$old"
else
  mv "$TMP" "$DEST" || die "cannot rename $TMP to $DEST"
fi
trap - EXIT
printf 'fetch-corpora: %d files in %s\n' "$n" "$DEST" >&2
