using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClaimedAt",
                table: "Escalations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedByUserId",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "Escalations",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Resolution",
                table: "Escalations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResolvedAt",
                table: "Escalations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedByUserId",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EscalationComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationComments_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Touches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Touches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Touches_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Touches_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ClaimedByUserId",
                table: "Escalations",
                column: "ClaimedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ResolvedByUserId",
                table: "Escalations",
                column: "ResolvedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_EscalationComments_EscalationId",
                table: "EscalationComments",
                column: "EscalationId");

            migrationBuilder.CreateIndex(
                name: "IX_Touches_At",
                table: "Touches",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Touches_CustomerId_At",
                table: "Touches",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Touches_UserId",
                table: "Touches",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_AspNetUsers_ClaimedByUserId",
                table: "Escalations",
                column: "ClaimedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_AspNetUsers_ResolvedByUserId",
                table: "Escalations",
                column: "ResolvedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_AspNetUsers_ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_AspNetUsers_ResolvedByUserId",
                table: "Escalations");

            migrationBuilder.DropTable(
                name: "EscalationComments");

            migrationBuilder.DropTable(
                name: "Touches");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ResolvedByUserId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ClaimedByUserId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Resolution",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedByUserId",
                table: "Escalations");
        }
    }
}
