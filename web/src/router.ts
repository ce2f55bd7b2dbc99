import { createRouter, createWebHistory } from "vue-router";
import { loadMe, session } from "./session";

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/login", component: () => import("./views/LoginView.vue") },
    { path: "/portal", component: () => import("./views/PortalView.vue") },
    { path: "/", redirect: "/tickets" },
    { path: "/tickets", component: () => import("./views/TicketListView.vue") },
    { path: "/tickets/:id", component: () => import("./views/TicketView.vue"), props: true },
    { path: "/intake", component: () => import("./views/IntakeView.vue") },
    { path: "/admin", component: () => import("./views/AdminView.vue") },
    { path: "/reports", component: () => import("./views/ReportView.vue") },
    { path: "/supervision", component: () => import("./views/SupervisionView.vue") },
    { path: "/assessment", component: () => import("./views/AssessmentView.vue") },
    { path: "/knowledge", component: () => import("./views/KnowledgeView.vue") },
    { path: "/calendar", component: () => import("./views/CalendarView.vue") },
    { path: "/dashboard", component: () => import("./views/DashboardView.vue") },
    { path: "/leader-sessions", component: () => import("./views/LeaderSessionsView.vue") },
    { path: "/region", component: () => import("./views/RegionView.vue") },
    { path: "/archive", component: () => import("./views/ArchiveView.vue") },
    { path: "/catalogue", component: () => import("./views/CatalogueView.vue") },
    { path: "/calls", component: () => import("./views/CallsView.vue") },
  ],
});

const PUBLIC = ["/login", "/portal"];

router.beforeEach(async (to) => {
  if (PUBLIC.includes(to.path)) return true;
  if (!session.checked) await loadMe();
  if (!session.me) return { path: "/login", query: { next: to.fullPath } };
  return true;
});
