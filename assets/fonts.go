package assets

import _ "embed"

// The map's typeface, Noto Sans (SIL Open Font License 1.1, see fonts/OFL.txt,
// which allows embedding and redistribution). The board's theme, the layout's
// text measurement and the poster all use these same files, so text wraps the
// same on screen and on paper. It covers Latin, Greek and Cyrillic.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	FontRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	FontBold []byte
)
