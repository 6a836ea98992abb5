using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Pricing;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.PriceLists;

/// Price lists: one per segment as the default, or for single customers; each valid in a date range.
public sealed class IndexModel(PortalDbContext db, PriceListEditor lists, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewList Input { get; set; } = new();

    public Paged<Row> Lists { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(int Id, string Code, string Name, Segment? Segment, DateOnly? ValidFrom, DateOnly? ValidTo, int Packs, int Customers);

    public sealed class NewList
    {
        [Required(ErrorMessage = "Please enter a code.")]
        [StringLength(32, ErrorMessage = "At most {1} characters.")]
        [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Letters, digits, dash and underscore only.")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Please enter a name.")]
        [StringLength(200, ErrorMessage = "At most {1} characters.")]
        public string? Name { get; set; }

        public Segment? Segment { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidTo { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var code = Input.Code?.Trim().ToUpperInvariant();
        if (code is not null && await lists.CodeTakenAsync(code, cancellationToken))
        {
            ModelState.AddModelError("Input.Code", t["A price list with this code exists already."]);
        }

        if (Input.ValidFrom is { } from && Input.ValidTo is { } to && to < from)
        {
            ModelState.AddModelError("Input.ValidTo", t["The end of validity cannot be before its start."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var id = await lists.CreateAsync(code!, Input.Name!, Input.Segment, Input.ValidFrom, Input.ValidTo, cancellationToken);
        return RedirectToPage("Edit", new { id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Lists = await db.PriceLists.AsNoTracking().OrderBy(l => l.Segment == null).ThenBy(l => l.Segment).ThenBy(l => l.Name)
            .Select(l => new Row(l.Id, l.Code, l.Name, l.Segment, l.ValidFrom, l.ValidTo, l.Entries.Select(e => e.PackSizeId).Distinct().Count(), db.Customers.Count(c => c.PriceListId == l.Id)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
}
