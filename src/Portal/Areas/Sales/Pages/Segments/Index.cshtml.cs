using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Segmentation;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Segments;

/// The segment overview: customers and revenue per class and per strategy, and the customers to work on, filtered.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "class")]
    public Segment? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public Strategy? Strategy { get; set; }

    [BindProperty(SupportsGet = true)]
    public SegmentationActionKind? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overridden { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Summary> BySegment { get; private set; } = [];
    public IReadOnlyList<Summary> ByStrategy { get; private set; } = [];
    public SegmentationRun? LastRun { get; private set; }
    public int Overrides { get; private set; }
    public Paged<Row> Customers { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Summary(string Key, int Customers, decimal Revenue, decimal Contribution);

    public sealed record Row(string Number, string Name, Segment Segment, Segment? Computed, Segment? Override, Strategy? Strategy, decimal? Revenue, decimal? Potential, decimal? CostToServe, decimal? Contribution, int OpenActions);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        LastRun = await db.SegmentationRuns.AsNoTracking()
            .Where(r => r.Status == SegmentationRunStatus.Completed)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);

        // The class that counts is the one in effect (Segment, which an override sets); revenue from the latest run.
        var figures = db.Customers.AsNoTracking()
            .Join(db.CustomerFigures, c => c.Id, f => f.CustomerId, (c, f) => new { c.Segment, f.Strategy, f.Revenue, f.Contribution });
        var bySegment = await figures.GroupBy(x => x.Segment)
            .Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(x => x.Revenue), Contribution = g.Sum(x => x.Contribution) })
            .ToListAsync(cancellationToken);
        BySegment = Enum.GetValues<Segment>()
            .Select(s => bySegment.FirstOrDefault(x => x.Key == s) is { } x ? new Summary(s.ToString(), x.Count, x.Revenue, x.Contribution) : new Summary(s.ToString(), 0, 0, 0))
            .ToList();
        var byStrategy = await figures.GroupBy(x => x.Strategy)
            .Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(x => x.Revenue), Contribution = g.Sum(x => x.Contribution) })
            .ToListAsync(cancellationToken);
        ByStrategy = Enum.GetValues<Strategy>()
            .Select(s => byStrategy.FirstOrDefault(x => x.Key == s) is { } x ? new Summary(s.ToString(), x.Count, x.Revenue, x.Contribution) : new Summary(s.ToString(), 0, 0, 0))
            .ToList();
        Overrides = await db.Customers.CountAsync(c => c.SegmentOverride != null, cancellationToken);

        var query = from c in db.Customers.AsNoTracking()
                    join f in db.CustomerFigures on c.Id equals f.CustomerId into joined
                    from f in joined.DefaultIfEmpty()
                    select new { Customer = c, Figures = f };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var lower = term.ToLowerInvariant();
            query = query.Where(x => x.Customer.Number.StartsWith(term) || x.Customer.Name.ToLower().Contains(lower));
        }

        if (Segment is { } segment)
        {
            query = query.Where(x => x.Customer.Segment == segment);
        }

        if (Strategy is { } strategy)
        {
            query = query.Where(x => x.Figures != null && x.Figures.Strategy == strategy);
        }

        if (Action is { } kind)
        {
            query = query.Where(x => db.SegmentationActions.Any(a => a.CustomerId == x.Customer.Id && a.Kind == kind && a.Status == SegmentationActionStatus.Open));
        }

        if (Overridden)
        {
            query = query.Where(x => x.Customer.SegmentOverride != null);
        }

        Customers = await query
            .OrderByDescending(x => x.Figures == null ? 0m : x.Figures.Basis)
            .ThenBy(x => x.Customer.Number)
            .Select(x => new Row(
                x.Customer.Number,
                x.Customer.Name,
                x.Customer.Segment,
                x.Figures == null ? null : x.Figures.ComputedSegment,
                x.Customer.SegmentOverride,
                x.Figures == null ? null : x.Figures.Strategy,
                x.Figures == null ? null : x.Figures.Revenue,
                x.Figures == null ? null : x.Figures.Potential,
                x.Figures == null ? null : x.Figures.CostToServe,
                x.Figures == null ? null : x.Figures.Contribution,
                db.SegmentationActions.Count(a => a.CustomerId == x.Customer.Id && a.Status == SegmentationActionStatus.Open)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
    }
}
