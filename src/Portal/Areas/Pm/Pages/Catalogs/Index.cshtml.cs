using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Catalogs;
using Portal.Data;
using Portal.ProductManagement;
using Portal.Web;

namespace Portal.Areas.Pm.Pages.Catalogs;

/// The catalogs with who sees them; a new catalog starts empty and unassigned.
public sealed class IndexModel(PortalDbContext db, CatalogEditor editor, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewCatalog Input { get; set; } = new();

    public Paged<Row> Catalogs { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(int Id, string Code, string Name, int Items, IReadOnlyList<string> Segments, int Customers);

    public sealed class NewCatalog
    {
        [Required(ErrorMessage = "Please enter a code.")]
        [StringLength(32, ErrorMessage = "At most {1} characters.")]
        [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Letters, digits, dash and underscore only.")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Please enter a name.")]
        [StringLength(200, ErrorMessage = "At most {1} characters.")]
        public string? Name { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var code = Input.Code?.Trim().ToUpperInvariant();
        if (code is not null && await editor.CodeTakenAsync(code, cancellationToken))
        {
            ModelState.AddModelError("Input.Code", t["A catalog with this code exists already."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var id = await editor.CreateAsync(code!, Input.Name!, cancellationToken);
        return RedirectToPage("Edit", new { id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Catalogs = await db.Catalogs.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new Row(c.Id, c.Code, c.Name, c.Items.Count,
                c.Assignments.Where(a => a.Segment != null).OrderBy(a => a.Segment).Select(a => a.Segment!.Value.ToString()).ToList(),
                c.Assignments.Count(a => a.CustomerId != null)))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
}
