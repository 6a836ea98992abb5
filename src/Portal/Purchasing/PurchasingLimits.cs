using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;

namespace Portal.Purchasing;

/// Order limits and monthly budgets of a company's buyers: what a buyer has left this month, setting them (the
/// company admin on /shop/team), and turning an order that runs into them into a request for approval.
public sealed class PurchasingLimits(PortalDbContext db, Outbox outbox, MailLinks links, TimeProvider time)
{
    /// The buyer's limits and what the buyer's orders of this business month (Europe/Berlin) cost net, orders
    /// waiting for approval included, rejected and cancelled ones not. A company admin has none: the admin approves.
    public async Task<PurchasingRules.Standing> StandingAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.OrderLimit, u.MonthlyBudget, IsAdmin = AdminIds.Contains(u.Id) })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsAdmin || (user.OrderLimit is null && user.MonthlyBudget is null))
        {
            return PurchasingRules.Standing.None;
        }

        var spent = user.MonthlyBudget is null ? 0m : await SpentThisMonthAsync(userId, cancellationToken);
        return new PurchasingRules.Standing(user.OrderLimit, user.MonthlyBudget, spent);
    }

    /// Called in the placing transaction before StandingAsync, when the buyer has a budget: a conditional no-op update
    /// of the buyer's row, as the approvals decide, so a second order of the same buyer placed at the same instant
    /// waits for this transaction and then reads its order into what is spent (PostgreSQL holds the row lock until
    /// the commit; SQLite serialises writing transactions anyway). Without it the two could both fit the budget.
    public Task HoldBuyerAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId && u.MonthlyBudget != null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MonthlyBudget, x => x.MonthlyBudget), cancellationToken);

    private async Task<decimal> SpentThisMonthAsync(string userId, CancellationToken cancellationToken)
    {
        var since = Dates.StartOfBusinessDay(Dates.BusinessMonth(time.GetUtcNow()));
        // Summed here, not in SQL: SQLite keeps decimals as text and cannot add them up exactly.
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedByUserId == userId && o.PlacedAt >= since && o.Status != OrderStatus.Cancelled)
            .Select(o => new { o.SubtotalNet, o.SurchargeNet, o.DeliveryNet, o.DropShipNet })
            .ToListAsync(cancellationToken);
        return orders.Sum(o => o.SubtotalNet + o.SurchargeNet + o.DeliveryNet + o.DropShipNet);
    }

    /// Sets a buyer's limits; false when the user is not a buyer of this company (an admin, another company's user).
    public async Task<bool> SetAsync(int customerId, string userId, decimal? orderLimit, decimal? monthlyBudget, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.CustomerId == customerId && !AdminIds.Contains(u.Id), cancellationToken);
        if (user is null)
        {
            return false;
        }

        user.OrderLimit = orderLimit is { } limit ? Money.Round(limit) : null;
        user.MonthlyBudget = monthlyBudget is { } budget ? Money.Round(budget) : null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// Holds the order for the company admin, in the caller's unit of work (OrderPlacement saves it with the order):
    /// the approval, the step in the order's history and a mail to every active admin of the company.
    public async Task RequestApprovalAsync(Order order, PurchasingRules.Finding finding, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        order.Status = OrderStatus.AwaitingApproval;
        db.OrderApprovals.Add(new OrderApproval
        {
            Order = order,
            CustomerId = order.CustomerId,
            RequestedByUserId = order.PlacedByUserId,
            RequestedAt = now,
            OverOrderLimit = finding.OverOrderLimit,
            BeyondBudget = finding.BeyondBudget,
            OrderLimit = finding.OrderLimit,
            BudgetLeft = finding.BudgetLeft,
        });
        db.OrderEvents.Add(OrderEvent.For(order, OrderEventKind.ApprovalRequested, now, null));

        var buyer = await db.Users.AsNoTracking().Where(u => u.Id == order.PlacedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.CustomerId == order.CustomerId && u.IsActive && u.Email != null && AdminIds.Contains(u.Id))
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Language })
            .ToListAsync(cancellationToken);
        var link = links.To("/shop/approvals", new Dictionary<string, string?>());
        foreach (var admin in admins)
        {
            await outbox.EnqueueAsync(
                new ApprovalRequestMail(admin.DisplayName, buyer, order.Number, order.TotalNet, finding.OverOrderLimit, finding.OrderLimit, finding.BeyondBudget, finding.BudgetLeft, link),
                admin.Email!, admin.DisplayName, admin.Language, dedupeKey: $"approval-{order.Number}-{admin.Id}");
        }
    }

    private IQueryable<string> AdminIds =>
        db.UserRoles.Where(r => db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.CustomerAdmin)).Select(r => r.UserId);
}
