package app

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"waymark/assets"
	"waymark/canvas/geometry"
)

// Theme preference values.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
	prefTheme   = "theme"
)

var (
	fontRegular = fyne.NewStaticResource("NotoSans-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NotoSans-Bold.ttf", assets.FontBold)

	metricsOnce sync.Once
	metrics     *geometry.FontMetrics
)

// Metrics measures text in the app's font; the board's layout wraps with it.
func Metrics() *geometry.FontMetrics {
	metricsOnce.Do(func() {
		m, err := geometry.NewFontMetrics(assets.FontRegular, assets.FontBold)
		if err != nil {
			panic("the embedded font does not parse: " + err.Error()) // a build defect, caught by every test
		}
		metrics = m
	})
	return metrics
}

// waymarkTheme draws with the map's own font (the one the layout measures and
// the poster embeds) and can force light or dark over the system's choice.
type waymarkTheme struct {
	choice string
}

var _ fyne.Theme = (*waymarkTheme)(nil)

func (t *waymarkTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.choice {
	case ThemeLight:
		return theme.VariantLight
	case ThemeDark:
		return theme.VariantDark
	}
	return v
}

func (t *waymarkTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.variant(v))
}

func (t *waymarkTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol || s.Italic {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

func (t *waymarkTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *waymarkTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// dark reports whether the theme in force is dark.
func (t *waymarkTheme) dark(a fyne.App) bool {
	return t.variant(a.Settings().ThemeVariant()) == theme.VariantDark
}

// palette is the board palette matching the theme in force.
func (t *waymarkTheme) palette(a fyne.App) geometry.Palette {
	if t.dark(a) {
		return geometry.Dark
	}
	return geometry.Light
}
