using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Customers;
using Portal.Segmentation;

namespace Portal.Tests.Segmentation;

/// Reasons are stored in English and shown in the reader's language: what the model writes must be read back.
public sealed class SegmentationReasonsTests
{
    private static readonly DateOnly AsOf = new(2010, 12, 9);

    private static string Shown(string reason, string culture)
    {
        var services = new ServiceCollection();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        var t = services.BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return SegmentationReasons.Display(reason, t);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    [Fact]
    public void A_class_reason_from_the_model_reads_in_german_with_german_numbers()
    {
        var reason = SegmentationModel.ByThreshold(1_234.5m, new SegmentationSettings()).Reason;

        Assert.Equal("1,234.50 is below the small-customer threshold 1,960.00", reason);
        Assert.Equal(reason, Shown(reason, "en"));
        Assert.Equal("1.234,50 liegt unter der Kleinkundenschwelle 1.960,00", Shown(reason, "de"));
    }

    [Fact]
    public void A_history_reason_around_a_class_reason_reads_in_german_as_a_whole()
    {
        var inner = SegmentationModel.ByThreshold(60_000m, new SegmentationSettings()).Reason;
        var reason = SegmentationReasons.OverrideEnded.Format("2010-12-20", SegmentationReasons.ThresholdRun.Format("2010-12-09", inner));

        Assert.Equal("Übersteuerung endete am 20.12.2010; berechnet: Schwellenwert zum 09.12.2010: 60.000,00 erreicht die Key-Account-Schwelle 50.000,00", Shown(reason, "de"));
    }

    [Fact]
    public void Action_reasons_from_the_model_read_in_german()
    {
        var days = new[] { new DateOnly(2010, 1, 4), new DateOnly(2010, 2, 4), new DateOnly(2010, 3, 4) };
        var activity = new CustomerActivity
        {
            Number = "1",
            Revenue = 100m,
            OrdersByChannel = new Dictionary<Portal.Ordering.OrderChannel, int> { [Portal.Ordering.OrderChannel.Phone] = 3 },
            PurchaseDays = days,
        };
        var settings = new SegmentationSettings();
        var cost = SegmentationModel.CostToServe(activity, settings);
        var actions = SegmentationModel.Actions(activity, Strategy.SelfService, 30m, cost, AsOf, settings).ToDictionary(a => a.Kind, a => a.Reason);

        Assert.Equal("3 von 3 Bestellungen (100 %) kamen per Telefon, mehr als 30 %: Onboarding-Mail und eine Nachbestellliste mit den häufigsten Artikeln", Shown(actions[SegmentationActionKind.MoveToSelfService], "de"));
        Assert.Equal("Deckungsbeitrag -45,00: Marge 30,00 minus Betreuungskosten 75,00", Shown(actions[SegmentationActionKind.ReviewTerms], "de"));
        Assert.Equal("seit 04.03.2010 keine Bestellung (280 Tage), mehr als 1,5 × der mittlere Bestellabstand von 29,5 Tagen", Shown(actions[SegmentationActionKind.Reactivate], "de"));
    }

    [Fact]
    public void A_staff_reason_is_kept_word_for_word_and_an_unknown_text_is_shown_as_stored()
    {
        var reason = SegmentationReasons.OverrideUntil.Format("2010-12-20", "Neuer Einkäufer: 30 % weniger; bis Jahresende");

        Assert.Equal("Übersteuerung bis 20.12.2010: Neuer Einkäufer: 30 % weniger; bis Jahresende", Shown(reason, "de"));
        Assert.Equal("imported from the old system", Shown("imported from the old system", "de"));
        Assert.Equal("1,234.50 is below the small-customer thresh…", Shown("1,234.50 is below the small-customer thresh…", "de"));
    }
}
