import '../later-page-styles';
import { useParams } from 'react-router-dom';
import { MigrationView } from '@/features/live-migrations/components/migration-view';

export function Page() {
  const { migrationId = '' } = useParams();
  return <MigrationView key={migrationId} id={migrationId} />;
}
